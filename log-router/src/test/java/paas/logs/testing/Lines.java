package paas.logs.testing;

import paas.logs.LogLine;
import paas.logs.Source;
import paas.logs.Tail;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Small helpers to make and collect lines. */
public final class Lines {
    public static final Instant T0 = Instant.parse("2026-11-24T22:00:00.123456Z");

    private Lines() {
    }

    public static LogLine app(String app, String dyno, String text) {
        return new LogLine(T0, app, Source.APP, dyno, text);
    }

    public static LogLine line(String app, Source source, String dyno, String text) {
        return new LogLine(T0, app, source, dyno, text);
    }

    /** Reads a tail until it has nothing for {@code quiet} or has ended. */
    public static List<LogLine> drain(Tail tail, Duration quiet) throws InterruptedException {
        List<LogLine> out = new ArrayList<>();
        while (!tail.isEnded()) {
            Optional<LogLine> next = tail.poll(quiet);
            if (next.isEmpty()) {
                break;
            }
            out.add(next.get());
        }
        return out;
    }

    /** Reads exactly {@code n} lines, failing if they do not come within {@code timeout}. */
    public static List<LogLine> take(Tail tail, int n, Duration timeout) throws InterruptedException {
        List<LogLine> out = new ArrayList<>(n);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (out.size() < n) {
            long left = deadline - System.nanoTime();
            if (left <= 0 || tail.isEnded()) {
                throw new AssertionError("got " + out.size() + " of " + n + " lines: " + out.subList(Math.max(0, out.size() - 3), out.size()));
            }
            tail.poll(Duration.ofNanos(left)).ifPresent(out::add);
        }
        return out;
    }

    public static List<String> texts(List<LogLine> lines) {
        return lines.stream().map(LogLine::text).toList();
    }
}
