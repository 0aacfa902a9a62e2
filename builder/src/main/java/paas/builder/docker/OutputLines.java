package paas.builder.docker;

import paas.builder.BuildOutput;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Cuts a byte stream into lines for {@link BuildOutput}: on '\n', dropping a trailing '\r';
 * a line longer than {@link #MAX_LINE_BYTES} is cut there. Decodes UTF-8, replacing bad bytes.
 * Thread-safe (the stream callback feeds it; the build thread flushes it).
 */
final class OutputLines {
    static final int MAX_LINE_BYTES = 8192;

    private final BuildOutput output;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream(256);
    private long lines;

    OutputLines(BuildOutput output) {
        this.output = output;
    }

    synchronized void accept(byte[] bytes) {
        for (byte b : bytes) {
            if (b == '\n') {
                emit();
            } else {
                line.write(b);
                if (line.size() >= MAX_LINE_BYTES) {
                    emit();
                }
            }
        }
    }

    /** Emits a last line without newline, if any. */
    synchronized void flush() {
        if (line.size() > 0) {
            emit();
        }
    }

    long lines() {
        return lines;
    }

    private void emit() {
        byte[] bytes = line.toByteArray();
        line.reset();
        int len = bytes.length;
        if (len > 0 && bytes[len - 1] == '\r') {
            len--;
        }
        lines++;
        output.line(new String(bytes, 0, len, StandardCharsets.UTF_8));
    }
}
