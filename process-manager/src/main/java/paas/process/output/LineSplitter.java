package paas.process.output;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Turns a dyno's output bytes, in whatever chunks they arrive, into lines without their line end
 * ({@code \n} or {@code \r\n}). A line longer than {@code maxLineBytes} is cut into pieces of
 * that size so one runaway write cannot hold unbounded memory. Invalid UTF-8 becomes U+FFFD.
 *
 * <p>Not thread-safe: one splitter per stream, fed by one thread.
 */
public final class LineSplitter {
    public static final int DEFAULT_MAX_LINE_BYTES = 10 * 1024;

    private final Consumer<String> sink;
    private final int maxLineBytes;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();

    public LineSplitter(Consumer<String> sink, int maxLineBytes) {
        if (maxLineBytes < 1) {
            throw new IllegalArgumentException("maxLineBytes must be positive");
        }
        this.sink = sink;
        this.maxLineBytes = maxLineBytes;
    }

    public LineSplitter(Consumer<String> sink) {
        this(sink, DEFAULT_MAX_LINE_BYTES);
    }

    public void feed(byte[] bytes, int off, int len) {
        for (int i = off; i < off + len; i++) {
            byte b = bytes[i];
            if (b == '\n') {
                emit();
            } else {
                line.write(b);
                if (line.size() >= maxLineBytes) {
                    emit();
                }
            }
        }
    }

    /** Emits a last line that had no line end. */
    public void finish() {
        if (line.size() > 0) {
            emit();
        }
    }

    /** Reads {@code in} to its end, line by line, then finishes. Blocks. */
    public void drain(InputStream in) throws IOException {
        byte[] buf = new byte[8192];
        int n;
        try {
            while ((n = in.read(buf)) > 0) {
                feed(buf, 0, n);
            }
        } finally {
            finish();
        }
    }

    private void emit() {
        byte[] b = line.toByteArray();
        int len = b.length;
        if (len > 0 && b[len - 1] == '\r') {
            len--;
        }
        line.reset();
        sink.accept(new String(b, 0, len, StandardCharsets.UTF_8));
    }
}
