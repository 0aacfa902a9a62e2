package paas.logs;

import paas.logs.ingest.LineFramer;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.time.Clock;

/**
 * Turns one raw output stream (a dyno's stdout or stderr, a build's output) into lines
 * published to a {@link LogRouter}, each stamped with the time it was framed. Framing rules
 * (newlines, CR, invalid UTF-8, lines cut every {@link LogLine#MAX_TEXT_BYTES} bytes as they
 * arrive, so a 1 GB line costs ~10 kB) are {@link LineFramer}'s.
 *
 * <p>Use {@link #pump} on a thread of its own (a virtual thread) for an InputStream, or
 * {@link #write} from the thread that receives chunks (for a Netty {@code ByteBuf}, pass
 * {@code buf.nioBuffer()} and release the ByteBuf afterwards; the bytes are copied).
 * Not thread-safe: one writer per stream; stdout and stderr need one each.
 * {@link #close} publishes a last unterminated line; it does not close any stream.
 */
public final class DynoOutput implements AutoCloseable {
    private final LogRouter router;
    private final String app;
    private final Source source;
    private final String dyno;
    private final Clock clock;
    private final LineFramer framer;

    public DynoOutput(LogRouter router, String app, Source source, String dyno, Clock clock) {
        this.router = router;
        this.app = LogLine.requireAppName(app);
        this.source = source;
        this.dyno = LogLine.requireDynoName(dyno);
        this.clock = clock;
        this.framer = new LineFramer(LogLine.MAX_TEXT_BYTES, this::publish);
    }

    /** A dyno's output: source {@code app}, the system clock. */
    public static DynoOutput forDyno(LogRouter router, String app, String dyno) {
        return new DynoOutput(router, app, Source.APP, dyno, Clock.systemUTC());
    }

    public void write(byte[] bytes, int offset, int length) {
        framer.feed(bytes, offset, length);
    }

    /** Consumes the buffer's remaining bytes. */
    public void write(ByteBuffer bytes) {
        framer.feed(bytes);
    }

    /**
     * Reads {@code in} to its end, publishing lines as they complete, then publishes a last
     * unterminated line. Blocks while the stream does; does not close it.
     *
     * @return bytes read
     */
    public long pump(InputStream in) throws IOException {
        byte[] chunk = new byte[16 * 1024];
        long total = 0;
        for (int n; (n = in.read(chunk)) >= 0; ) {
            framer.feed(chunk, 0, n);
            total += n;
        }
        framer.finish();
        return total;
    }

    @Override
    public void close() {
        framer.finish();
    }

    private void publish(String text) {
        router.publish(new LogLine(clock.instant(), app, source, dyno, text));
    }
}
