package paas.process.addons;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The terminal a command run in an add-on's container gets ({@code docker exec -t}): the
 * {@code TERM} the client's programs draw for, and its size when the client knows it (0 when not:
 * the engine's default then).
 */
public record ExecTerminal(String term, int rows, int columns) {
    private static final Pattern TERM = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+-]{0,63}");
    static final int MAX_SIDE = 10_000;

    public ExecTerminal {
        Objects.requireNonNull(term, "term");
        if (!TERM.matcher(term).matches()) {
            throw new IllegalArgumentException("TERM '" + term + "' must match ^" + TERM.pattern() + "$ (e.g. xterm-256color)");
        }
        if (rows < 0 || columns < 0 || rows > MAX_SIDE || columns > MAX_SIDE || (rows == 0) != (columns == 0)) {
            throw new IllegalArgumentException("a terminal of " + rows + " rows and " + columns + " columns: both"
                    + " from 1 to " + MAX_SIDE + ", or both 0 when the size is not known");
        }
    }

    public boolean sizeKnown() {
        return rows > 0;
    }
}
