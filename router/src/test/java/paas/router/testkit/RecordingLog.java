package paas.router.testkit;

import paas.router.RouterLog;
import paas.router.RouterLogLine;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

import org.awaitility.Awaitility;

/** Keeps every router log line, for tests to wait on. */
public final class RecordingLog implements RouterLog {
    private final List<RouterLogLine> lines = new CopyOnWriteArrayList<>();

    @Override
    public void accept(RouterLogLine line) {
        lines.add(line);
    }

    public List<RouterLogLine> lines() {
        return List.copyOf(lines);
    }

    /** Waits (up to 5 s) for a line matching {@code p} and returns the first one. */
    public RouterLogLine await(Predicate<RouterLogLine> p) {
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> lines.stream().anyMatch(p));
        return lines.stream().filter(p).findFirst().orElseThrow();
    }

    public RouterLogLine awaitCode(String code) {
        return await(l -> l.code().equals(code));
    }

    public void clear() {
        lines.clear();
    }
}
