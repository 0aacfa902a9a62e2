package paas.builder.buildpack;

import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import org.yaml.snakeyaml.LoaderOptions;

import java.io.IOException;

/**
 * Reads untrusted YAML (a buildpack's {@code bin/release} output, an app's {@code heroku.yml})
 * into a tree, never into objects: at most {@link #MAX_BYTES}, one document, no anchors, aliases
 * or tags, at most {@link #MAX_TOKENS} tokens, nesting at most 20 deep, no duplicate keys.
 * Thread-safe.
 */
public final class SafeYaml {
    public static final int MAX_BYTES = 64 * 1024;
    static final int MAX_TOKENS = 10_000;

    private static final ObjectMapper MAPPER = new ObjectMapper(YAMLFactory.builder()
            .loaderOptions(loaderOptions())
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(20).maxStringLength(MAX_BYTES).maxDocumentLength(MAX_BYTES).build())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build());

    private SafeYaml() {
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
     * The document's tree: a missing node for empty input, a text node for a bare {@code ---}.
     *
     * @throws IOException for YAML over the limits or using a refused feature; its message says which
     */
    public static JsonNode read(byte[] yaml) throws IOException {
        if (yaml.length > MAX_BYTES) {
            throw new IOException(yaml.length + " bytes, over the limit of " + MAX_BYTES + " bytes");
        }
        checkShape(yaml);
        return MAPPER.readTree(yaml);
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

    /** The first line of a parser's message, at most 200 characters. */
    public static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        String line = message.lines().findFirst().orElse(message);
        return line.length() > 200 ? line.substring(0, 200) + "..." : line;
    }
}
