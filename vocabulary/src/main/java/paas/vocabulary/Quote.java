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
        input.codePoints().limit(SHOWN).forEach(c -> {
            if (c < 0x20 || c == 0x7f) {
                out.append(String.format("\\x%02x", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        if (input.codePointCount(0, input.length()) > SHOWN) {
            out.append("...");
        }
        return out.append('\'').toString();
    }
}
