package paas.api.dynos;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * An {@link OutputStream} that hands each complete line (without its terminator) to a consumer,
 * so a one-off dyno's output can go to a git client or a log stream line by line. Lines longer
 * than {@value #MAX_LINE} bytes are cut there. Not thread-safe: one writer.
 */
final class LineSink extends OutputStream {
    static final int MAX_LINE = 10_000;

    private final Consumer<String> lines;
    private final ByteArrayOutputStream current = new ByteArrayOutputStream();

    LineSink(Consumer<String> lines) {
        this.lines = lines;
    }

    @Override
    public void write(int b) {
        if (b == '\n') {
            emit();
        } else if (b != '\r') {
            current.write(b);
            if (current.size() >= MAX_LINE) {
                emit();
            }
        }
    }

    @Override
    public void write(byte[] b, int off, int len) {
        for (int i = off; i < off + len; i++) {
            write(b[i]);
        }
    }

    /** Hands over a last line without a terminator. */
    @Override
    public void close() {
        if (current.size() > 0) {
            emit();
        }
    }

    private void emit() {
        lines.accept(current.toString(StandardCharsets.UTF_8));
        current.reset();
    }
}
