package paas.api.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import paas.api.domain.PlatformException;

import java.util.Optional;
import java.util.Set;

/** Typed reads of request-body fields, refusing wrong types and fields the endpoint does not take. */
final class Body {
    private Body() {
    }

    static void onlyFields(ObjectNode body, Set<String> allowed) {
        body.fieldNames().forEachRemaining(name -> {
            if (!allowed.contains(name)) {
                throw new PlatformException.InvalidParams("unknown field '" + name + "'; this request takes "
                        + String.join(", ", allowed.stream().sorted().toList()));
            }
        });
    }

    static Optional<String> text(JsonNode body, String field) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (!node.isTextual()) {
            throw new PlatformException.InvalidParams("field '" + field + "' must be a string");
        }
        return Optional.of(node.textValue());
    }

    static String requiredText(JsonNode body, String field) {
        return text(body, field).orElseThrow(() -> new PlatformException.InvalidParams("field '" + field + "' is required"));
    }

    /** A version may come as 5 or "5" or "v5"; an id as a string. */
    static Optional<String> textOrNumber(JsonNode body, String field) {
        JsonNode node = body.get(field);
        if (node != null && node.isIntegralNumber()) {
            return Optional.of(node.asText());
        }
        return text(body, field);
    }

    static Optional<Boolean> bool(JsonNode body, String field) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (!node.isBoolean()) {
            throw new PlatformException.InvalidParams("field '" + field + "' must be true or false");
        }
        return Optional.of(node.booleanValue());
    }

    static Optional<Integer> integer(JsonNode body, String field) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (!node.isIntegralNumber() || !node.canConvertToInt()) {
            throw new PlatformException.InvalidParams("field '" + field + "' must be a whole number");
        }
        return Optional.of(node.intValue());
    }
}
