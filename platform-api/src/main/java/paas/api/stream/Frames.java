package paas.api.stream;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;

import java.nio.charset.StandardCharsets;

/**
 * The frames of an upgraded {@code paas-run} connection (docs/api.md, "Attaching to a one-off
 * dyno"): one type byte, a four-byte big-endian payload length of at most {@link #MAX_PAYLOAD},
 * the payload.
 */
final class Frames {
    static final byte STDIN = 0;
    static final byte STDOUT = 1;
    static final byte STDERR = 2;
    static final byte EXIT = 3;
    static final byte STDIN_EOF = 4;
    static final byte ERROR = 5;
    /** Client to server: rows and columns, two four-byte big-endian numbers. */
    static final byte RESIZE = 6;
    static final int MAX_PAYLOAD = 65536;
    static final int HEADER = 5;

    private Frames() {
    }

    static ByteBuf frame(ByteBufAllocator alloc, byte type, byte[] payload, int offset, int length) {
        if (length > MAX_PAYLOAD) {
            throw new IllegalArgumentException("a frame carries at most " + MAX_PAYLOAD + " bytes, not " + length);
        }
        return alloc.buffer(HEADER + length).writeByte(type).writeInt(length).writeBytes(payload, offset, length);
    }

    static ByteBuf exit(int status) {
        return Unpooled.buffer(HEADER + 4).writeByte(EXIT).writeInt(4).writeInt(status);
    }

    static ByteBuf error(String message) {
        byte[] text = message.getBytes(StandardCharsets.UTF_8);
        int length = Math.min(text.length, MAX_PAYLOAD);
        // Cut a long message on a character boundary, never inside a UTF-8 sequence.
        while (length < text.length && (text[length] & 0xC0) == 0x80) {
            length--;
        }
        return Unpooled.buffer(HEADER + length).writeByte(ERROR).writeInt(length).writeBytes(text, 0, length);
    }

    /** What the client sends, one frame at a time. */
    interface Sink {
        void frame(byte type, byte[] payload);
    }

    /**
     * Cuts the client's bytes into frames; used on the event loop only. Holds at most one
     * incomplete frame between reads.
     */
    static final class Reader {
        private ByteBuf pending;

        /**
         * Takes ownership of {@code in} and hands every complete frame to {@code sink}.
         *
         * @return false when the client broke the protocol (a length over {@link #MAX_PAYLOAD}):
         * the connection must be closed
         */
        boolean read(ByteBuf in, Sink sink) {
            if (pending == null) {
                pending = Unpooled.buffer(Math.max(in.readableBytes(), 256));
            }
            pending.writeBytes(in);
            in.release();
            while (pending.readableBytes() >= HEADER) {
                int start = pending.readerIndex();
                byte type = pending.getByte(start);
                int length = pending.getInt(start + 1);
                if (length < 0 || length > MAX_PAYLOAD) {
                    release();
                    return false;
                }
                if (pending.readableBytes() < HEADER + length) {
                    break;
                }
                pending.skipBytes(HEADER);
                byte[] payload = new byte[length];
                pending.readBytes(payload);
                sink.frame(type, payload);
            }
            if (pending != null) {
                pending.discardReadBytes();
            }
            return true;
        }

        void release() {
            if (pending != null) {
                pending.release();
                pending = null;
            }
        }
    }
}
