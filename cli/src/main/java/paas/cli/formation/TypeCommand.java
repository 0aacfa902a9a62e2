package paas.cli.formation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import paas.cli.api.ApiClient;
import paas.cli.command.AppCommand;
import paas.cli.core.CliContext;
import paas.cli.core.CliException;
import paas.cli.core.Json;
import paas.vocabulary.DynoSize;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * ps:type (ps:resize), as Heroku's: shows the size and quantity of each process type and the dynos
 * of each size; with SIZE sets every type to it, with TYPE=SIZE those types. Heroku's cost columns
 * are left out: a self-hosted platform has no price list.
 */
@Command(name = "ps:type", aliases = {"ps:resize", "resize", "dyno:type", "dyno:resize"},
    description = "Show the dyno size of each process type, or set it: SIZE for every type, TYPE=SIZE for some.",
    footer = {"", "Sizes in any case, and by Heroku's names: Standard-2X, standard-2x, Eco, Performance-M.", "",
        "Examples:", "  paas ps:type -a my-app", "  paas ps:type standard-2x -a my-app",
        "  paas ps:resize web=Standard-2X worker=Basic -a my-app"})
public final class TypeCommand extends AppCommand {
  private static final Pattern TYPE_SIZE = Pattern.compile("([a-zA-Z0-9_-]{1,63})=([a-zA-Z0-9.-]{1,32})");

  @Parameters(paramLabel = "SIZE|TYPE=SIZE", arity = "0..*",
      description = "A size for every process type, or TYPE=SIZE for some of them.")
  private List<String> args = new ArrayList<>();

  public TypeCommand(CliContext ctx) {
    super(ctx);
  }

  @Override
  protected void run() {
    String app = app();
    String path = ApiClient.path("apps", app, "formation");
    JsonNode formation = api().get(path);
    if (formation.isEmpty()) {
      throw noProcessTypes(app);
    }
    if (!args.isEmpty()) {
      ArrayNode updates = updates(args, formation);
      ObjectNode body = Json.object();
      body.set("updates", updates);
      out.action("Scaling dynos on " + out.app(app), () -> api().patch(path, body));
      formation = api().get(path);
    }
    show(formation);
  }

  private static CliException noProcessTypes(String app) {
    return new CliException("No process types on " + app + ".\nDeploy a Procfile to add process types.");
  }

  /**
   * {"type", "size"} for each argument: one SIZE sets every type of the formation, TYPE=SIZE the types
   * named, each of which must be in the formation.
   */
  ArrayNode updates(List<String> given, JsonNode formation) {
    List<String> types = new ArrayList<>();
    formation.forEach(entry -> types.add(Json.text(entry, "type")));
    Map<String, String> sizes = new LinkedHashMap<>();
    if (given.stream().noneMatch(arg -> arg.contains("="))) {
      if (given.size() > 1) {
        throw usage("give one SIZE for every process type, or TYPE=SIZE for each type to change, not " + String.join(" ", given));
      }
      types.forEach(type -> sizes.put(type, given.getFirst()));
    } else {
      for (String arg : given) {
        Matcher m = TYPE_SIZE.matcher(arg);
        if (!m.matches()) {
          throw usage("'" + arg + "' is not TYPE=SIZE: write e.g. web=standard-2x, and give every type in that form");
        }
        if (!types.contains(m.group(1))) {
          throw new CliException("Type " + m.group(1) + " not found in process formation.\nTypes: " + String.join(", ", types));
        }
        if (sizes.put(m.group(1), m.group(2)) != null) {
          throw usage(m.group(1) + " is given twice: give each process type once");
        }
      }
    }
    ArrayNode updates = Json.MAPPER.createArrayNode();
    sizes.forEach((type, size) -> updates.addObject().put("type", type).put("size", size));
    return updates;
  }

  /** "=== Process Types" (type, size, quantity) and "=== Dyno Totals" (dynos of each size). */
  private void show(JsonNode formation) {
    List<JsonNode> entries = new ArrayList<>();
    formation.forEach(entries::add);
    entries.sort(Comparator.comparing(entry -> Json.text(entry, "type")));
    List<List<String>> rows = new ArrayList<>();
    Map<String, Integer> totals = new LinkedHashMap<>();
    for (JsonNode entry : entries) {
      String size = DynoSize.herokuName(Json.text(entry, "size"));
      int quantity = entry.path("quantity").asInt();
      rows.add(List.of(Json.text(entry, "type"), size, Integer.toString(quantity)));
      totals.merge(size, quantity, Integer::sum);
    }
    out.header("Process Types");
    out.table(List.of("Type", "Size", "Qty"), rows);
    out.line("");
    out.header("Dyno Totals");
    List<List<String>> totalRows = new ArrayList<>();
    totals.forEach((size, total) -> totalRows.add(List.of(size, Integer.toString(total))));
    out.table(List.of("Type", "Total"), totalRows);
  }
}
