package paas.builder.buildpack;

import paas.builder.BuildFailedException;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Procfile grammar: one {@code TYPE: COMMAND} per line, TYPE matching
 * {@code [A-Za-z0-9_-]+}; blank lines and lines starting with {@code #} are skipped. A line that
 * does not fit, a type declared twice, or more than {@link #MAX_TYPES} types fail the build with
 * the line number.
 */
public final class Procfile {
    public static final int MAX_TYPES = 100;
    public static final int MAX_COMMAND_LENGTH = 4096;
    private static final Pattern LINE = Pattern.compile("^([A-Za-z0-9_-]+):\\s*(.+)$");

    private Procfile() {
    }

    /** Parses UTF-8 bytes; process types in file order. */
    public static Map<String, String> parse(byte[] bytes) throws BuildFailedException {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new BuildFailedException("Procfile is not valid UTF-8 text");
        }
        return parse(text);
    }

    public static Map<String, String> parse(String text) throws BuildFailedException {
        Map<String, String> types = new LinkedHashMap<>();
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            int number = i + 1;
            String line = lines[i].endsWith("\r") ? lines[i].substring(0, lines[i].length() - 1) : lines[i];
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            Matcher m = LINE.matcher(line);
            if (!m.matches()) {
                throw new BuildFailedException("Procfile line " + number + " is not `TYPE: COMMAND`"
                        + " (TYPE is letters, digits, '_' or '-'): " + quote(line));
            }
            String type = m.group(1);
            String command = m.group(2).strip();
            if (command.isEmpty()) {
                throw new BuildFailedException("Procfile line " + number + " has no command for '" + type + "'");
            }
            if (command.length() > MAX_COMMAND_LENGTH) {
                throw new BuildFailedException("Procfile line " + number + ": the command is " + command.length()
                        + " characters, over the limit of " + MAX_COMMAND_LENGTH);
            }
            if (command.chars().anyMatch(c -> c < 0x20 && c != '\t')) {
                throw new BuildFailedException("Procfile line " + number + ": the command contains control characters");
            }
            if (types.containsKey(type)) {
                throw new BuildFailedException("Procfile line " + number + " declares '" + type
                        + "' a second time; keep one line per process type");
            }
            if (types.size() == MAX_TYPES) {
                throw new BuildFailedException("Procfile line " + number + ": more than " + MAX_TYPES + " process types");
            }
            types.put(type, command);
        }
        return Collections.unmodifiableMap(types);
    }

    private static String quote(String line) {
        String shown = line.length() > 120 ? line.substring(0, 120) + "..." : line;
        return "'" + shown.replaceAll("\\p{Cntrl}", "?") + "'";
    }
}
