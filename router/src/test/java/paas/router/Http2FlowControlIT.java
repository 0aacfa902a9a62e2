package paas.router;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufAllocatorMetricProvider;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http2.DefaultHttp2DataFrame;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamChannelBootstrap;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.util.ReferenceCountUtil;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import paas.router.testkit.JdkBackend;
import paas.router.testkit.RouterFixture;
import paas.router.testkit.TestCertificates;
import paas.router.tls.AcmeChallenges;
import paas.router.tls.CertificateBook;
import paas.router.tls.RouterTls;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static paas.router.testkit.RouterFixture.host;

/**
 * HTTP/2 flow control through the router, with a Netty HTTP/2 client that controls its own
 * windows: a client that stops reading holds the dyno back (the router reads the dyno only as fast
 * as the stream's window lets it write), and a dyno that stops reading holds the client back (the
 * router gives a stream's window back only as the dyno takes the body). Either way the router's
 * buffers stay small.
 */
class Http2FlowControlIT {
    static final long SIZE = 32L * 1024 * 1024;
    static final int BLOCK = 16 * 1024;
    static final TestCertificates CA = new TestCertificates();
    static RouterFixture router;
    static EventLoopGroup clientLoop;
    static Channel connection;

    @BeforeAll
    static void start() throws Exception {
        CertificateBook book = new CertificateBook();
        book.setFallback(CA.issue("*." + RouterFixture.DOMAIN));
        router = new RouterFixture(RouterConfig.defaults().withTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(5),
                Duration.ofSeconds(10), Duration.ofSeconds(10)),
                new RouterTls("127.0.0.1", 0, book, Duration.ofSeconds(10)), new AcmeChallenges());
        clientLoop = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        SslContext tls = SslContextBuilder.forClient().sslProvider(SslProvider.JDK).trustManager(CA.ca())
                .applicationProtocolConfig(new ApplicationProtocolConfig(ApplicationProtocolConfig.Protocol.ALPN,
                        ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                        ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT, ApplicationProtocolNames.HTTP_2))
                .build();
        int port = router.tlsPort();
        connection = new Bootstrap().group(clientLoop).channel(NioSocketChannel.class)
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(tls.newHandler(ch.alloc(), host("files"), port),
                                // RFC 9113's default windows, never enlarged: the router gets 64 KiB ahead at most.
                                Http2FrameCodecBuilder.forClient().initialSettings(Http2Settings.defaultSettings()).build(),
                                new Http2MultiplexHandler(new ChannelInboundHandlerAdapter()));
                    }
                }).connect("127.0.0.1", port).sync().channel();
    }

    @AfterAll
    static void stop() {
        connection.close();
        clientLoop.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        router.close();
    }

    static long usedBufferMemory() {
        var metric = ((ByteBufAllocatorMetricProvider) ByteBufAllocator.DEFAULT).metric();
        return metric.usedDirectMemory() + metric.usedHeapMemory();
    }

    static Http2Headers request(String method, String path) {
        return new DefaultHttp2Headers().method(method).path(path).scheme("https")
                .authority(host("files") + ":" + router.tlsPort());
    }

    static byte expected(long offset) {
        return (byte) ((offset % BLOCK) % 251);
    }

    /** Counts a response's DATA bytes and its end; the body text too, when short. */
    static final class ResponseReader extends ChannelInboundHandlerAdapter {
        final AtomicLong bytes = new AtomicLong();
        final StringBuilder text = new StringBuilder();
        final CompletableFuture<String> status = new CompletableFuture<>();
        final CompletableFuture<Long> end = new CompletableFuture<>();

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            try {
                if (msg instanceof Http2HeadersFrame headers) {
                    if (headers.headers().status() != null) {
                        status.complete(headers.headers().status().toString());
                    }
                    if (headers.isEndStream()) {
                        end.complete(bytes.get());
                    }
                } else if (msg instanceof Http2DataFrame data) {
                    bytes.addAndGet(data.content().readableBytes());
                    if (text.length() < 100) {
                        text.append(data.content().toString(StandardCharsets.US_ASCII));
                    }
                    if (data.isEndStream()) {
                        end.complete(bytes.get());
                    }
                }
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            end.completeExceptionally(new IllegalStateException("stream closed after " + bytes.get() + " bytes"));
        }
    }

    @Test
    void aClientThatStopsReadingHoldsTheDynoBack() throws Exception {
        AtomicLong written = new AtomicLong();
        AtomicBoolean finished = new AtomicBoolean();
        try (JdkBackend dyno = new JdkBackend("web.1").handler(ex -> {
            ex.sendResponseHeaders(200, SIZE);
            byte[] block = new byte[BLOCK];
            for (int i = 0; i < BLOCK; i++) {
                block[i] = expected(i);
            }
            try (OutputStream out = ex.getResponseBody()) {
                for (long sent = 0; sent < SIZE; sent += BLOCK) {
                    out.write(block);
                    written.addAndGet(BLOCK);
                }
            }
            finished.set(true);
        })) {
            router.route(new Route("files", List.of(dyno.backend())));
            ResponseReader reader = new ResponseReader();
            Http2StreamChannel stream = new Http2StreamChannelBootstrap(connection).option(ChannelOption.AUTO_READ, false)
                    .handler(reader).open().sync().getNow();
            stream.writeAndFlush(new DefaultHttp2HeadersFrame(request("GET", "/big"), true));

            await().atMost(10, TimeUnit.SECONDS).until(() -> written.get() > 0);
            // The client reads nothing: the dyno must stay stalled far below the whole body.
            await().during(Duration.ofMillis(700)).atMost(Duration.ofSeconds(5))
                    .until(() -> written.get() < SIZE / 2 && !finished.get());
            assertThat(usedBufferMemory()).isLessThan(16L * 1024 * 1024);

            stream.config().setAutoRead(true);
            assertThat(reader.end.get(60, TimeUnit.SECONDS)).isEqualTo(SIZE);
            assertThat(reader.status.getNow(null)).isEqualTo("200");
            assertThat(finished).isTrue();
        }
    }

    @Test
    void aDynoThatStopsReadingHoldsTheClientBack() throws Exception {
        CountDownLatch dynoMayRead = new CountDownLatch(1);
        AtomicLong dynoReceived = new AtomicLong();
        AtomicBoolean intact = new AtomicBoolean(true);
        try (JdkBackend dyno = new JdkBackend("web.1").handler(ex -> {
            byte[] buf = new byte[BLOCK];
            try (InputStream in = ex.getRequestBody()) {
                boolean first = true;
                long at = 0;
                int n;
                while ((n = in.read(buf)) > 0) {
                    for (int i = 0; i < n; i++) {
                        if (buf[i] != expected(at + i)) {
                            intact.set(false);
                        }
                    }
                    at += n;
                    dynoReceived.addAndGet(n);
                    if (first) {
                        first = false;
                        try {
                            dynoMayRead.await(30, TimeUnit.SECONDS);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            return;
                        }
                    }
                }
            }
            JdkBackend.respond(ex, 200, "got " + dynoReceived.get());
        })) {
            router.route(new Route("files", List.of(dyno.backend())));
            ResponseReader reader = new ResponseReader();
            AtomicLong acknowledged = new AtomicLong();
            byte[] block = new byte[BLOCK];
            for (int i = 0; i < BLOCK; i++) {
                block[i] = expected(i);
            }
            Http2StreamChannel stream = new Http2StreamChannelBootstrap(connection).handler(new ChannelInboundHandlerAdapter() {
                long queued;

                @Override
                public void handlerAdded(ChannelHandlerContext ctx) {
                    ctx.channel().pipeline().addLast(reader);
                }

                @Override
                public void channelWritabilityChanged(ChannelHandlerContext ctx) {
                    pump(ctx.channel());
                    ctx.fireChannelWritabilityChanged();
                }

                /** Writes blocks while the stream is writable: the client honours the router's window. */
                void pump(Channel ch) {
                    while (ch.isWritable() && queued < SIZE) {
                        queued += BLOCK;
                        ch.write(new DefaultHttp2DataFrame(Unpooled.wrappedBuffer(block), queued >= SIZE))
                                .addListener(f -> {
                                    if (f.isSuccess()) {
                                        acknowledged.addAndGet(BLOCK);
                                    }
                                });
                    }
                    ch.flush();
                }

                @Override
                public void channelActive(ChannelHandlerContext ctx) {
                    ctx.writeAndFlush(new DefaultHttp2HeadersFrame(request("POST", "/up"), false));
                    pump(ctx.channel());
                    ctx.fireChannelActive();
                }
            }).open().sync().getNow();

            await().atMost(10, TimeUnit.SECONDS).until(() -> dynoReceived.get() > 0);
            // The dyno reads nothing more: the router must not take the body on its behalf.
            await().during(Duration.ofMillis(700)).atMost(Duration.ofSeconds(5))
                    .until(() -> acknowledged.get() < SIZE / 2);
            assertThat(usedBufferMemory()).isLessThan(16L * 1024 * 1024);

            dynoMayRead.countDown();
            reader.end.get(60, TimeUnit.SECONDS);
            assertThat(reader.status.getNow(null)).isEqualTo("200");
            assertThat(reader.text.toString()).isEqualTo("got " + SIZE);
            assertThat(intact).isTrue();
            await().atMost(5, TimeUnit.SECONDS).until(() -> !stream.isActive());
        }
    }
}
