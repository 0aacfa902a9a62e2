package paas.process.addons;

import java.util.Objects;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * The terminal a command run in an add-on's container gets ({@code docker exec -t}): the
 * {@code TERM} the client's programs draw for, and its size, which the client may change while the
 * command runs (its window resized). A size of 0x0 means the client does not know it.
 *
 * <p>Thread-safe: the client's side calls {@link #resize} from any thread, the runtime
 * {@link #follow}s it.
 */
public final class ExecTerminal {
    private static final Pattern TERM = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+-]{0,63}");
    static final int MAX_SIDE = 10_000;

    /** Rows and columns; both 0 when not known. */
    public record Size(int rows, int columns) {
        public Size {
            if (rows < 0 || columns < 0 || rows > MAX_SIDE || columns > MAX_SIDE || (rows == 0) != (columns == 0)) {
                throw new IllegalArgumentException("a terminal of " + rows + " rows and " + columns + " columns: both"
                        + " from 1 to " + MAX_SIDE + ", or both 0 when the size is not known");
            }
        }

        /**
         * What a terminal whose client does not tell its size is given: the engine's own 0x0 makes
         * psql page every answer and full-screen programs draw nothing.
         */
        public static final Size DEFAULT = new Size(24, 80);

        /** This size, or {@link #DEFAULT} when it is not known. */
        public Size orDefault() {
            return known() ? this : DEFAULT;
        }

        public boolean known() {
            return rows > 0;
        }
    }

    private final String term;
    private Size size;
    private Consumer<Size> follower;

    public ExecTerminal(String term, int rows, int columns) {
        Objects.requireNonNull(term, "term");
        if (!TERM.matcher(term).matches()) {
            throw new IllegalArgumentException("TERM '" + term + "' must match ^" + TERM.pattern() + "$ (e.g. xterm-256color)");
        }
        this.term = term;
        this.size = new Size(rows, columns);
    }

    public String term() {
        return term;
    }

    public synchronized Size size() {
        return size;
    }

    /** The client's terminal has a new size; the command's follows it (see {@link #follow}). */
    public void resize(int rows, int columns) {
        Size next = new Size(rows, columns);
        Consumer<Size> told;
        synchronized (this) {
            size = next;
            told = follower;
        }
        if (told != null) {
            told.accept(next);
        }
    }

    /**
     * For the runtime: {@code follower} is told the size now, then each new size, on the thread
     * that calls this or {@link #resize} (so it must not block), until the handle is closed. The
     * size now is told under the lock {@link #resize} takes, so it never arrives after a newer one.
     * One follower at a time; a later one replaces it.
     */
    public AutoCloseable follow(Consumer<Size> follower) {
        Objects.requireNonNull(follower, "follower");
        synchronized (this) {
            this.follower = follower;
            follower.accept(size);
        }
        return () -> {
            synchronized (this) {
                if (this.follower == follower) {
                    this.follower = null;
                }
            }
        };
    }

    @Override
    public String toString() {
        Size now = size();
        return "ExecTerminal[" + term + " " + now.rows() + "x" + now.columns() + "]";
    }
}
