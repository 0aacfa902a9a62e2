package paas.router.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.handler.codec.http.LastHttpContent;

import java.util.List;

/**
 * Netty's request decoder, but refusing obs-fold (a header line continued on the next line that
 * starts with a space or tab). Netty folds such lines silently, which RFC 9112 allows; a proxy in
 * front of servers that may read them differently must not, so the head is marked failed and
 * everything after it is discarded.
 *
 * <p>Each byte of a request head is looked at once, in stream order, by a small line-start state
 * machine; bodies are not looked at (the state machine waits for the decoder's end of message).
 */
final class StrictRequestDecoder extends HttpRequestDecoder {
    private enum Scan { START, REQUEST_LINE, LINE_START, IN_LINE, EMPTY_LINE_CR, BODY }

    private Scan scan = Scan.START;
    private int scanned;
    private boolean failed;

    StrictRequestDecoder(HttpDecoderConfig config) {
        super(config);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf buffer, List<Object> out) throws Exception {
        if (failed) {
            buffer.skipBytes(buffer.readableBytes());
            return;
        }
        if (scan != Scan.BODY && foundObsFold(buffer)) {
            failed = true;
            buffer.skipBytes(buffer.readableBytes());
            HttpMessage bad = createInvalidMessage();
            bad.setDecoderResult(DecoderResult.failure(new IllegalArgumentException("obs-fold in request head")));
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
    }

    /** Scans the head bytes not seen yet; true at a line that starts with SP or HTAB. */
    private boolean foundObsFold(ByteBuf buffer) {
        int end = buffer.writerIndex();
        for (int i = buffer.readerIndex() + scanned; i < end && scan != Scan.BODY; i++) {
            byte b = buffer.getByte(i);
            scanned++;
            switch (scan) {
                case START -> {
                    // Netty skips control characters and whitespace before a request line.
                    if (b > ' ') {
                        scan = Scan.REQUEST_LINE;
                    }
                }
                case REQUEST_LINE, IN_LINE -> {
                    if (b == '\n') {
                        scan = Scan.LINE_START;
                    }
                }
                case LINE_START -> {
                    if (b == ' ' || b == '\t') {
                        return true;
                    }
                    scan = b == '\r' ? Scan.EMPTY_LINE_CR : b == '\n' ? Scan.BODY : Scan.IN_LINE;
                }
                case EMPTY_LINE_CR -> scan = b == '\n' ? Scan.BODY : Scan.IN_LINE;
                case BODY -> { }
            }
        }
        return false;
    }
}
