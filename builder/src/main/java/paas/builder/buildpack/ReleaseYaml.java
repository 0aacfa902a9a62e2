package paas.builder.buildpack;

import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import org.yaml.snakeyaml.LoaderOptions;
import paas.builder.BuildFailedException;

import java.io.IOException;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads the YAML a buildpack's {@code bin/release} prints, which is untrusted: at most
 * {@link #MAX_BYTES}, one document, no anchors, aliases or tags, at most {@link #MAX_TOKENS}
 * tokens and a shallow nesting, parsed into a tree (never into objects). Only
 * {@code default_process_types} is used: a mapping of process type to command. Anything else
 * in the document ({@code addons}, {@code config_vars}) is ignored. Thread-safe.
 */
public final class ReleaseYaml {
    public static final int MAX_BYTES = 64 * 1024;
    static final int MAX_TOKENS = 10_000;
    private static final Pattern TYPE = Pattern.compile("[A-Za-z0-9_-]{1,63}");

    private static final ObjectMapper MAPPER = new ObjectMapper(YAMLFactory.builder()
            .loaderOptions(loaderOptions())
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(20).maxStringLength(MAX_BYTES).maxDocumentLength(MAX_BYTES).build())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build());

    private ReleaseYaml() {
    }

    private static LoaderOptions loaderOptions() {
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(0);
        options.setAllowRecursiveKeys(false);
        options.setAllowDuplicateKeys(false);
        options.setNestingDepthLimit(20);
        options.setCodePointLimit(MAX_BYTES);
        return options;
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
            checkShape(yaml);
            root = MAPPER.readTree(yaml);
        } catch (IOException | RuntimeException e) {
            throw new BuildFailedException(who + " printed YAML that was refused: " + firstLine(e.getMessage()), e);
        }
        // Heroku reads empty output, a bare "---", "--- {}" and "{}" as "no defaults", and
        // third-party buildpacks rely on it; a bare "---" parses as an empty string.
        if (root == null || root.isMissingNode() || root.isNull() || (root.isTextual() && root.asText().isEmpty())) {
            return Map.of();
        }
        if (!root.isObject()) {
            throw new BuildFailedException(who + " must print a YAML mapping (or nothing), not "
                    + root.getNodeType() + ": " + firstLine(new String(yaml, java.nio.charset.StandardCharsets.UTF_8)
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
            if (!TYPE.matcher(e.getKey()).matches()) {
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

    /** A streaming pass that refuses anchors, aliases, tags, several documents and too many tokens. */
    private static void checkShape(byte[] yaml) throws IOException {
        try (YAMLParser p = (YAMLParser) MAPPER.getFactory().createParser(yaml)) {
            int tokens = 0;
            int depth = 0;
            int roots = 0;
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                if (++tokens > MAX_TOKENS) {
                    throw new IOException("more than " + MAX_TOKENS + " YAML tokens");
                }
                if (p.isCurrentAlias()) {
                    throw new IOException("aliases (*name) are not allowed");
                }
                if (p.getCurrentAnchor() != null) {
                    throw new IOException("anchors (&name) are not allowed");
                }
                if (p.getTypeId() != null) {
                    throw new IOException("tags (!tag) are not allowed");
                }
                if (depth == 0 && t != JsonToken.FIELD_NAME) {
                    if (++roots > 1) {
                        throw new IOException("only one YAML document is allowed");
                    }
                }
                if (t.isStructStart()) {
                    depth++;
                } else if (t.isStructEnd()) {
                    depth--;
                }
            }
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        String line = message.lines().findFirst().orElse(message);
        return line.length() > 200 ? line.substring(0, 200) + "..." : line;
    }
}
