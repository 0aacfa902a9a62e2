package paas.router.proxy;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.Channel;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpResponseEncoder;

/** Builds a client connection's pipeline; nothing else. */
final class ProxyInitializer extends ChannelInitializer<Channel> {
    private final Proxy proxy;
    private final HttpDecoderConfig requestDecoding;

    ProxyInitializer(Proxy proxy) {
        this.proxy = proxy;
        this.requestDecoding = requestDecoding(proxy);
    }

    static HttpDecoderConfig requestDecoding(Proxy proxy) {
        return requestDecoding(proxy.config().maxRequestLineBytes(), proxy.config().maxHeaderBytes());
    }

    /** Strict request parsing: CRLF only, RFC 9112 Transfer-Encoding rules, one Content-Length. */
    static HttpDecoderConfig requestDecoding(int maxRequestLine, int maxHeaders) {
        return new HttpDecoderConfig()
                .setMaxInitialLineLength(maxRequestLine)
                .setMaxHeaderSize(maxHeaders)
                .setMaxChunkSize(BackendPool.MAX_CHUNK)
                .setAllowDuplicateContentLengths(false)
                .setStrictLineParsing(true)
                .setUseRfc9112TransferEncoding(true)
                .setValidateHeaders(true);
    }

    @Override
    protected void initChannel(Channel ch) {
        addHttp1(ch.pipeline(), proxy, requestDecoding, false);
    }

    /** The HTTP/1.1 proxy handlers, at the end of {@code pipeline}; {@code overTls}: after a TLS handler. */
    static void addHttp1(ChannelPipeline pipeline, Proxy proxy, HttpDecoderConfig decoding, boolean overTls) {
        pipeline
                .addLast("decoder", new StrictRequestDecoder(decoding, proxy.config().maxHeaderCount(),
                        proxy.config().maxHeaderLineBytes()))
                .addLast("encoder", new HttpResponseEncoder())
                .addLast("flow", new OneMessagePerRead())
                .addLast("guard", new RequestGuard())
                .addLast("frontend", new FrontendHandler(proxy, overTls));
    }
}
