package paas.cli.core;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.TreeMap;

/** JSON helpers. The mapper is configured once here and never changed afterwards. */
public final class Json {
  public static final ObjectMapper MAPPER = new ObjectMapper();
  // The layout of JSON.stringify(x, null, 2), which is what Heroku's --json prints.
  private static final ObjectWriter PRETTY =
      MAPPER.writer(
          new DefaultPrettyPrinter(
                  Separators.createDefaultInstance()
                      .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                      .withObjectEmptySeparator("")
                      .withArrayEmptySeparator(""))
              .withObjectIndenter(new DefaultIndenter("  ", "\n"))
              .withArrayIndenter(new DefaultIndenter("  ", "\n")));

  private Json() {}

  public static String pretty(JsonNode node) {
    try {
      return PRETTY.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot print JSON", e);
    }
  }

  public static String compact(JsonNode node) {
    try {
      return MAPPER.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot print JSON", e);
    }
  }

  public static ObjectNode object() {
    return MAPPER.createObjectNode();
  }

  /** The field as text; "" when it is missing or null (asText() would say "null"). */
  public static String text(JsonNode node, String field) {
    JsonNode value = node.path(field);
    return value.isMissingNode() || value.isNull() ? "" : value.asText();
  }

  /** {"field": value}, or {} when value is null: a body that leaves the choice to the API unless told. */
  public static ObjectNode objectWith(String field, String value) {
    ObjectNode object = object();
    if (value != null) {
      object.put(field, value);
    }
    return object;
  }

  /** An object's fields as text ("" for null), sorted by name: config vars as the CLI prints them. */
  public static Map<String, String> sortedTexts(JsonNode object) {
    Map<String, String> sorted = new TreeMap<>();
    object.properties().forEach(e -> sorted.put(e.getKey(), e.getValue().isNull() ? "" : e.getValue().asText()));
    return sorted;
  }

  /** A nested field such as owner.email, "" when any part is missing or null. */
  public static String text(JsonNode node, String field, String nested) {
    return text(node.path(field), nested);
  }
}
