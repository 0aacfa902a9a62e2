package paas.logs.ingest;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Frames a raw byte stream (a dyno's stdout or stderr) into lines of text.
 *
 * <ul>
 *   <li>A line ends at {@code \n}, {@code \r\n} or a lone {@code \r} (progress bars redraw with
 *       {@code \r}; each redraw becomes a line rather than a run of control characters). A
 *       {@code \r\n} split across two chunks still counts once.</li>
 *   <li>A line longer than {@code maxLineBytes} is cut into pieces as the bytes arrive, so memory
 *       stays at one piece however long the line (a 1 GB line costs ~10 kB). A cut never falls
 *       inside a well-formed UTF-8 character.</li>
 *   <li>Bytes that are not UTF-8 become U+FFFD; NUL and other control bytes pass through. No
 *       input makes it throw.</li>
 * </ul>
 *
 * <p>Not thread-safe: one stream, one writer. Lines reach the sink synchronously, in order.
 */
public final class LineFramer {
    private final int maxLineBytes;
    private final Consumer<String> sink;
    private final byte[] line;
    private int length;
    private boolean afterCr; // the last byte seen was \r: a \n right after it ends nothing new
    private byte[] scratch;  // for direct ByteBuffers, made on first use

    /** @param maxLineBytes the longest piece emitted, at least 4 (one UTF-8 character) */
    public LineFramer(int maxLineBytes, Consumer<String> sink) {
        if (maxLineBytes < 4) {
            throw new IllegalArgumentException("maxLineBytes must be at least 4, got " + maxLineBytes);
        }
        this.maxLineBytes = maxLineBytes;
        this.sink = sink;
        this.line = new byte[maxLineBytes];
    }

    /** Takes the next chunk of the stream; emits every line it completes. */
    public void feed(byte[] bytes, int offset, int count) {
        int end = offset + count;
        int i = offset;
        while (i < end) {
            if (afterCr) {
                afterCr = false;
                if (bytes[i] == '\n') {
                    i++;
                    continue;
                }
            }
            int j = i;
            while (j < end && bytes[j] != '\n' && bytes[j] != '\r') {
                j++;
            }
            append(bytes, i, j - i);
            if (j == end) {
                return;
            }
            emit(length);
            afterCr = bytes[j] == '\r';
            i = j + 1;
        }
    }

    /** Takes the buffer's remaining bytes (and advances its position to its limit). */
    public void feed(ByteBuffer buffer) {
        if (buffer.hasArray()) {
            feed(buffer.array(), buffer.arrayOffset() + buffer.position(), buffer.remaining());
            buffer.position(buffer.limit());
            return;
        }
        if (scratch == null) {
            scratch = new byte[8192];
        }
        while (buffer.hasRemaining()) {
            int n = Math.min(scratch.length, buffer.remaining());
            buffer.get(scratch, 0, n);
            feed(scratch, 0, n);
        }
    }

    /** The stream ended: emits the last line if it had no terminator. */
    public void finish() {
        if (length > 0) {
            emit(length);
        }
        afterCr = false;
    }

    /** Bytes held for the line in progress (never more than maxLineBytes). */
    public int pendingBytes() {
        return length;
    }

    private void append(byte[] bytes, int from, int count) {
        while (count > 0) {
            if (length == maxLineBytes) {
                // More of this line is coming, so the full piece can go now. (Cutting only when a
                // byte beyond the limit arrives keeps a line of exactly maxLineBytes whole.)
                emit(safeCut());
            }
            int n = Math.min(count, maxLineBytes - length);
            System.arraycopy(bytes, from, line, length, n);
            length += n;
            from += n;
            count -= n;
        }
    }

    /** Emits line[0, cut) and keeps the rest (an incomplete character, at most 3 bytes). */
    private void emit(int cut) {
        sink.accept(new String(line, 0, cut, StandardCharsets.UTF_8));
        int rest = length - cut;
        System.arraycopy(line, cut, line, 0, rest);
        length = rest;
    }

    /** Where to cut a full piece so that a well-formed character is not split in two. */
    private int safeCut() {
        for (int k = length - 1; k >= Math.max(0, length - 4); k--) {
            int b = line[k] & 0xFF;
            if ((b & 0xC0) == 0x80) {
                continue; // continuation byte: keep looking for the lead
            }
            int expected = b < 0x80 ? 1 : (b & 0xE0) == 0xC0 ? 2 : (b & 0xF0) == 0xE0 ? 3 : (b & 0xF8) == 0xF0 ? 4 : 1;
            return k + expected > length && k > 0 ? k : length;
        }
        return length; // only continuation bytes: garbage, cut anywhere
    }
}
