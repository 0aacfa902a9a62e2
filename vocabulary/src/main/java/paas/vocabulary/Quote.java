package paas.vocabulary;

/** Shows a user's input inside an error message without letting it forge the message. */
public final class Quote {
    private static final int SHOWN = 80;

    private Quote() {
    }

    /** {@code 'input'}, control characters as {@code \xNN}, cut after 80 code points. */
    public static String of(String input) {
        if (input == null) {
            return "(missing)";
        }
        StringBuilder out = new StringBuilder("'");
        input.codePoints().limit(SHOWN).forEach(c -> appendVisible(out, c));
        if (input.codePointCount(0, input.length()) > SHOWN) {
            out.append("...");
        }
        return out.append('\'').toString();
    }

    /**
     * {@code text} with every control character (C0, DEL and C1, so also CR, LF, NUL and ESC) as
     * {@code \xNN}: whatever a client sent, it stays on one line and cannot drive a terminal.
     */
    public static String controls(String text) {
        if (text == null || text.codePoints().noneMatch(Quote::isControl)) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length() + 16);
        text.codePoints().forEach(c -> appendVisible(out, c));
        return out.toString();
    }

    /** {@code "text"} for a {@code key="value"} log field: quotes and backslashes escaped, controls as {@code \xNN}. */
    public static String logValue(String text) {
        if (text == null) {
            return "\"\"";
        }
        StringBuilder out = new StringBuilder(text.length() + 2).append('"');
        text.codePoints().forEach(c -> {
            if (c == '"' || c == '\\') {
                out.append('\\');
            }
            appendVisible(out, c);
        });
        return out.append('"').toString();
    }

    private static boolean isControl(int c) {
        return c < 0x20 || c >= 0x7f && c <= 0x9f;
    }

    private static void appendVisible(StringBuilder out, int c) {
        if (isControl(c)) {
            out.append(String.format("\\x%02x", c));
        } else {
            out.appendCodePoint(c);
        }
    }
}
