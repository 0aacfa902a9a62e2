package paas.builder.buildpack;

import com.fasterxml.jackson.databind.JsonNode;
import paas.builder.BuildFailedException;
import paas.vocabulary.ProcessType;

import java.io.IOException;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads the YAML a buildpack's {@code bin/release} prints, which is untrusted: at most
 * {@link #MAX_BYTES}, read with {@link SafeYaml}'s limits. Only
 * {@code default_process_types} is used: a mapping of process type to command. Anything else
 * in the document ({@code addons}, {@code config_vars}) is ignored. Thread-safe.
 */
public final class ReleaseYaml {
    public static final int MAX_BYTES = SafeYaml.MAX_BYTES;

    private ReleaseYaml() {
    }

    /**
     * @param buildpack named in error messages
     * @return process type to command, in document order; empty for empty output
     */
    public static Map<String, String> defaultProcessTypes(byte[] yaml, String buildpack) throws BuildFailedException {
        String who = "bin/release of buildpack '" + buildpack + "'";
        if (yaml.length > MAX_BYTES) {
            throw new BuildFailedException(who + " printed " + yaml.length + " bytes, over the limit of "
                    + MAX_BYTES + " bytes");
        }
        JsonNode root;
        try {
            root = SafeYaml.read(yaml);
        } catch (IOException | RuntimeException e) {
            throw new BuildFailedException(who + " printed YAML that was refused: " + SafeYaml.firstLine(e.getMessage()), e);
        }
        // Heroku reads empty output, a bare "---", "--- {}" and "{}" as "no defaults", and
        // third-party buildpacks rely on it; a bare "---" parses as an empty string.
        if (root == null || root.isMissingNode() || root.isNull() || (root.isTextual() && root.asText().isEmpty())) {
            return Map.of();
        }
        if (!root.isObject()) {
            throw new BuildFailedException(who + " must print a YAML mapping (or nothing), not "
                    + root.getNodeType() + ": " + SafeYaml.firstLine(new String(yaml, java.nio.charset.StandardCharsets.UTF_8)
                    .lines().filter(l -> !l.isBlank() && !l.strip().equals("---")).findFirst().orElse("")));
        }
        JsonNode types = root.get("default_process_types");
        if (types == null || types.isNull() || (types.isTextual() && types.asText().isEmpty())) {
            return Map.of();
        }
        if (!types.isObject()) {
            throw new BuildFailedException(who + ": default_process_types must be a mapping of TYPE: COMMAND");
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = types.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!ProcessType.isValid(e.getKey())) {
                throw new BuildFailedException(who + ": process type '" + e.getKey().replaceAll("\\p{Cntrl}", "?")
                        + "' must be 1-63 letters, digits, '_' or '-'");
            }
            JsonNode command = e.getValue();
            if (!command.isValueNode() || command.isNull() || command.asText().isBlank()) {
                throw new BuildFailedException(who + ": process type '" + e.getKey() + "' needs a command string");
            }
            String text = command.asText().strip();
            if (text.length() > Procfile.MAX_COMMAND_LENGTH || text.chars().anyMatch(c -> c < 0x20 && c != '\t')) {
                throw new BuildFailedException(who + ": the command of '" + e.getKey()
                        + "' is over " + Procfile.MAX_COMMAND_LENGTH + " characters or has control characters");
            }
            if (out.size() == Procfile.MAX_TYPES) {
                throw new BuildFailedException(who + ": more than " + Procfile.MAX_TYPES + " process types");
            }
            out.put(e.getKey(), text);
        }
        return Collections.unmodifiableMap(out);
    }
}
