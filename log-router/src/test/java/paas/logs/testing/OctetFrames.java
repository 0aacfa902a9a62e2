package paas.logs.testing;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** A strict RFC 6587 octet-counting reader, independent of the code under test. */
public final class OctetFrames {
    private OctetFrames() {
    }

    /** Every frame of a body; fails on anything that is not exactly {@code LEN SP MSG} repeated. */
    public static List<String> parse(byte[] body) {
        List<String> frames = new ArrayList<>();
        int i = 0;
        while (i < body.length) {
            int start = i;
            while (i < body.length && body[i] >= '0' && body[i] <= '9') {
                i++;
            }
            if (i == start || i >= body.length || body[i] != ' ' || body[start] == '0') {
                throw new AssertionError("bad frame header at byte " + start + ": "
                        + new String(body, start, Math.min(20, body.length - start), StandardCharsets.UTF_8));
            }
            int len = Integer.parseInt(new String(body, start, i - start, StandardCharsets.US_ASCII));
            i++;
            if (i + len > body.length) {
                throw new AssertionError("frame at byte " + start + " claims " + len + " bytes, only " + (body.length - i) + " left");
            }
            frames.add(new String(Arrays.copyOfRange(body, i, i + len), StandardCharsets.UTF_8));
            i += len;
        }
        return frames;
    }

    /** Reads one frame; {@code null} at a clean end of stream between frames. */
    public static String read(InputStream in) throws IOException {
        int c = in.read();
        if (c < 0) {
            return null;
        }
        ByteArrayOutputStream digits = new ByteArrayOutputStream();
        while (c != ' ') {
            if (c < '0' || c > '9' || digits.size() > 6) {
                throw new IOException("bad frame header byte " + c + " after '" + digits + "'");
            }
            digits.write(c);
            c = in.read();
            if (c < 0) {
                throw new EOFException("stream ended inside a frame header");
            }
        }
        int len = Integer.parseInt(digits.toString(StandardCharsets.US_ASCII));
        byte[] msg = in.readNBytes(len);
        if (msg.length != len) {
            throw new EOFException("stream ended inside a frame of " + len + " bytes");
        }
        return new String(msg, StandardCharsets.UTF_8);
    }
}
