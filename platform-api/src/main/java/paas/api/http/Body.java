package paas.api.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import paas.api.domain.PlatformException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import paas.vocabulary.Quote;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Typed reads of request-body fields, refusing a field of the wrong type (422 {@code invalid_params}).
 *
 * <p>The one rule for fields a request does not take, on every endpoint: they are ignored, as
 * Heroku's API does. Its published schema leaves request bodies open (no
 * {@code additionalProperties: false}, except where the members are data: config vars), and
 * its clients rely on it: the Heroku CLI and {@code heroku-client} send fields (a {@code space},
 * {@code time_to_live}, {@code dyno_name}) that an endpoint here may not use, and a newer client
 * must keep working against an older server.
 */
final class Body {
    private static final Logger log = LoggerFactory.getLogger("api");

    private Body() {
    }

    /**
     * Names the fields this request reads (its documentation in code); by the rule above any other
     * field of {@code body} is ignored. Those are logged at debug, for an operator chasing a typo.
     */
    static void onlyFields(ObjectNode body, Set<String> taken) {
        List<String> ignored = new ArrayList<>();
        body.fieldNames().forEachRemaining(name -> {
            if (!taken.contains(name)) {
                ignored.add(name);
            }
        });
        if (!ignored.isEmpty() && log.isDebugEnabled()) {
            log.debug("ignored request fields {} (this request takes {})", Quote.logValue(String.join(",", ignored)),
                    String.join(",", new TreeSet<>(taken)));
        }
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
