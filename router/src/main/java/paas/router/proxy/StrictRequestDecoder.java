package paas.router.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.TooLongHttpHeaderException;

import java.util.List;

/**
 * Netty's request decoder, with what it does not check itself:
 * <ul>
 *   <li>obs-fold (a header line continued on the next line that starts with a space or tab) is
 *       refused (400). Netty folds such lines silently, which RFC 9112 allows; a proxy in front of
 *       servers that may read them differently must not.</li>
 *   <li>at most {@code maxHeaderCount} header fields, each line at most {@code maxHeaderLineBytes}
 *       long without its CRLF (Heroku's 1000 and 8 KiB): more is refused with 431. Netty only
 *       bounds the head as a whole.</li>
 * </ul>
 * A refused head is marked failed and everything after it is discarded.
 *
 * <p>Each byte of a request head is looked at once, in stream order, by a small line-start state
 * machine; bodies are not looked at (the state machine waits for the decoder's end of message).
 *
 * <p>A head that is still incomplete when a read ends is announced once downstream as a
 * {@link PartialHead} event, so the frontend can time how long the client takes to finish it.
 * A head that arrives whole in one read costs no event.
 */
final class StrictRequestDecoder extends HttpRequestDecoder {
    private enum Scan { START, REQUEST_LINE, LINE_START, IN_LINE, EMPTY_LINE_CR, BODY }

    /**
     * The frontend's signal that request head number {@code head} (counting from 1 on the
     * connection) has begun but not ended yet.
     */
    record PartialHead(int head) {
    }

    private final int maxHeaderCount;
    private final int maxHeaderLineBytes;
    private Scan scan = Scan.START;
    private int scanned;
    private int headers;
    private int lineBytes;
    private int heads;
    private boolean announced;
    private boolean failed;

    StrictRequestDecoder(HttpDecoderConfig config, int maxHeaderCount, int maxHeaderLineBytes) {
        super(config);
        this.maxHeaderCount = maxHeaderCount;
        this.maxHeaderLineBytes = maxHeaderLineBytes;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf buffer, List<Object> out) throws Exception {
        if (failed) {
            buffer.skipBytes(buffer.readableBytes());
            return;
        }
        Exception refused = scan == Scan.BODY ? null : scanHead(buffer);
        if (refused != null) {
            failed = true;
            buffer.skipBytes(buffer.readableBytes());
            HttpMessage bad = createInvalidMessage();
            bad.setDecoderResult(DecoderResult.failure(refused));
            out.add(bad);
            return;
        }
        int before = buffer.readerIndex();
        int first = out.size();
        super.decode(ctx, buffer, out);
        scanned = Math.max(0, scanned - (buffer.readerIndex() - before));
        for (int i = first; i < out.size(); i++) {
            if (out.get(i) instanceof LastHttpContent) {
                // The decoder sits at the next message now; nothing past it has been scanned.
                scan = Scan.START;
                scanned = 0;
            }
        }
        if (!announced && scan != Scan.START && scan != Scan.BODY) {
            announced = true;
            ctx.fireUserEventTriggered(new PartialHead(heads));
        }
    }

    /**
     * Scans the head bytes not seen yet. Returns why the head is refused: a line that starts with
     * SP or HTAB (400), too many header fields or too long a header line (431); null while it is fine.
     */
    private Exception scanHead(ByteBuf buffer) {
        int end = buffer.writerIndex();
        for (int i = buffer.readerIndex() + scanned; i < end && scan != Scan.BODY; i++) {
            byte b = buffer.getByte(i);
            scanned++;
            switch (scan) {
                case START -> {
                    // Netty skips control characters and whitespace before a request line.
                    if (b > ' ') {
                        scan = Scan.REQUEST_LINE;
                        heads++;
                        headers = 0;
                        announced = false;
                    }
                }
                case REQUEST_LINE -> {
                    if (b == '\n') {
                        scan = Scan.LINE_START;
                    }
                }
                case LINE_START -> {
                    if (b == ' ' || b == '\t') {
                        return new IllegalArgumentException("obs-fold in request head");
                    }
                    if (b == '\r') {
                        scan = Scan.EMPTY_LINE_CR;
                    } else if (b == '\n') {
                        scan = Scan.BODY;
                    } else {
                        Exception tooMany = headerLine(1);
                        if (tooMany != null) {
                            return tooMany;
                        }
                    }
                }
                case IN_LINE -> {
                    if (b == '\n') {
                        scan = Scan.LINE_START;
                    } else if (b != '\r' && ++lineBytes > maxHeaderLineBytes) {
                        return new TooLongHttpHeaderException("a header line is longer than " + maxHeaderLineBytes + " bytes");
                    }
                }
                case EMPTY_LINE_CR -> {
                    if (b == '\n') {
                        scan = Scan.BODY;
                    } else {
                        // A line that starts with CR and goes on: Netty refuses it; counted meanwhile.
                        Exception tooMany = headerLine(b == '\r' ? 0 : 1);
                        if (tooMany != null) {
                            return tooMany;
                        }
                    }
                }
                case BODY -> { }
            }
        }
        return null;
    }

    /** A header line starts with {@code bytes} bytes already seen. */
    private Exception headerLine(int bytes) {
        if (++headers > maxHeaderCount) {
            return new TooLongHttpHeaderException("more than " + maxHeaderCount + " header fields");
        }
        lineBytes = bytes;
        scan = Scan.IN_LINE;
        return null;
    }
}
