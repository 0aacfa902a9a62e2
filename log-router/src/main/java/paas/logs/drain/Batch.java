package paas.logs.drain;

import paas.logs.LogLine;

import java.util.List;

/**
 * Lines sent together. The id stays the same when a batch is retried, so an HTTPS receiver can
 * recognise a repeat by its {@code Logplex-Frame-Id}.
 */
public record Batch(String id, List<LogLine> lines) {
    public Batch {
        lines = List.copyOf(lines);
        if (lines.isEmpty()) {
            throw new IllegalArgumentException("a batch holds at least one line");
        }
    }
}
