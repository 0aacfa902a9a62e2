package paas.logs;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * What a reader asks of an app's log stream: some history, then optionally live lines,
 * filtered by source and dyno. Heroku's log-session fields map one to one:
 * {@code lines} → {@link #lines}, {@code tail} → {@link #follow}, {@code source} → {@link #sources},
 * {@code dyno} → {@link #dyno}.
 *
 * @param app     the app whose stream to read
 * @param lines   how many of the most recent <em>matching</em> lines to deliver first, 0 to {@value #MAX_LINES}
 * @param follow  keep delivering live lines after the history, until the tail is closed
 * @param sources only lines from these sources; empty means every source
 * @param dyno    only lines from this dyno, or {@code null} for every dyno: a process type such as
 *                {@code web} matches {@code web}, {@code web.1}, {@code web.2}; a name with a number such
 *                as {@code web.1} matches exactly
 */
public record TailRequest(String app, int lines, boolean follow, Set<Source> sources, String dyno) {
    public static final int DEFAULT_LINES = 100;
    public static final int MAX_LINES = 1500;

    public TailRequest {
        LogLine.requireAppName(app);
        if (lines < 0 || lines > MAX_LINES) {
            throw new IllegalArgumentException("lines must be between 0 and " + MAX_LINES + ", got " + lines);
        }
        Objects.requireNonNull(sources, "sources");
        sources = sources.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(sources));
        if (dyno != null) {
            LogLine.requireDynoName(dyno);
        }
    }

    /** The last {@value #DEFAULT_LINES} lines of every source and dyno, no follow. */
    public static TailRequest of(String app) {
        return new TailRequest(app, DEFAULT_LINES, false, Set.of(), null);
    }

    public TailRequest withLines(int n) {
        return new TailRequest(app, n, follow, sources, dyno);
    }

    public TailRequest withFollow(boolean f) {
        return new TailRequest(app, lines, f, sources, dyno);
    }

    public TailRequest withSources(Set<Source> s) {
        return new TailRequest(app, lines, follow, s, dyno);
    }

    public TailRequest withDyno(String d) {
        return new TailRequest(app, lines, follow, sources, d);
    }

    /** Whether a line of this request's app passes the source and dyno filters. */
    public boolean matches(LogLine line) {
        if (!sources.isEmpty() && !sources.contains(line.source())) {
            return false;
        }
        if (dyno == null) {
            return true;
        }
        String d = line.dyno();
        if (dyno.indexOf('.') >= 0) {
            return d.equals(dyno);
        }
        // "web" is a process type: it covers web.1, web.2, ... but not "webhook.1".
        return d.startsWith(dyno) && (d.length() == dyno.length() || d.charAt(dyno.length()) == '.');
    }
}
