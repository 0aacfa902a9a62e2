package paas.api.http;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import paas.api.auth.Authenticator;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The platform API over HTTP/1.1 on Netty. Request handling runs on virtual threads, never on
 * the event loop. {@link #close()} stops accepting, lets requests in flight finish (up to a
 * grace period), then releases the threads.
 */
public final class ApiServer implements AutoCloseable {
    public static final int MAX_BODY_BYTES = 1024 * 1024;
    private static final int MAX_INITIAL_LINE = 8 * 1024;
    private static final int MAX_HEADERS = 64 * 1024;
    private static final int IDLE_SECONDS = 120;

    private final EventLoopGroup boss;
    private final EventLoopGroup io;
    private final ExecutorService workers;
    private final Channel serverChannel;

    private ApiServer(EventLoopGroup boss, EventLoopGroup io, ExecutorService workers, Channel serverChannel) {
        this.boss = boss;
        this.io = io;
        this.workers = workers;
        this.serverChannel = serverChannel;
    }

    /**
     * Handlers that take some requests off the pipeline before they are aggregated (git pushes
     * stream packs of hundreds of MB, log tails and one-off dynos never end), added in this order
     * after the HTTP codec, one new instance per connection; {@code busy} tells which connections
     * must survive idleness.
     */
    public record Streaming(List<Supplier<ChannelHandler>> handlers, Predicate<Channel> busy) {
        public Streaming {
            handlers = List.copyOf(handlers);
            Objects.requireNonNull(busy, "busy");
        }

        /** One streaming handler; {@code handler} null means none. */
        public Streaming(Supplier<ChannelHandler> handler, Predicate<Channel> busy) {
            this(handler == null ? List.of() : List.of(handler), busy);
        }

        public static Streaming none() {
            return new Streaming(List.of(), ch -> false);
        }
    }

    /** A new executor for request work: a virtual thread per task. {@link #close()} shuts it down. */
    public static ExecutorService newWorkers() {
        return Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("api-", 0).factory());
    }

    /** Binds {@code host:port} (port 0 picks a free one) and starts serving; takes ownership of {@code workers}. */
    public static ApiServer start(String host, int port, Endpoints endpoints, Authenticator authenticator, Json json)
            throws InterruptedException {
        return start(host, port, endpoints, authenticator, json, Streaming.none(), newWorkers());
    }

    public static ApiServer start(String host, int port, Endpoints endpoints, Authenticator authenticator, Json json,
                                  Streaming streaming, ExecutorService workers) throws InterruptedException {
        return start(host, port, endpoints, authenticator, json, streaming, workers, new ForwardedFor(java.util.Set.of()));
    }

    /** @param forwardedFor which peers' {@code X-Forwarded-For} names the client (the platform's router) */
    public static ApiServer start(String host, int port, Endpoints endpoints, Authenticator authenticator, Json json,
                                  Streaming streaming, ExecutorService workers, ForwardedFor forwardedFor)
            throws InterruptedException {
        return start(host, port, endpoints, authenticator, json, streaming, workers, forwardedFor,
                new ApiRateLimit(ApiRateLimit.Policy.defaults(), java.time.Clock.systemUTC()));
    }

    /** @param rateLimit each user's pool of request tokens (Heroku's {@code RateLimit-Remaining}) */
    public static ApiServer start(String host, int port, Endpoints endpoints, Authenticator authenticator, Json json,
                                  Streaming streaming, ExecutorService workers, ForwardedFor forwardedFor,
                                  ApiRateLimit rateLimit) throws InterruptedException {
        EventLoopGroup boss = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        EventLoopGroup io = new MultiThreadIoEventLoopGroup(NioIoHandler.newFactory());
        try {
            Channel channel = new ServerBootstrap()
                    .group(boss, io)
                    .channel(NioServerSocketChannel.class)
                    .option(ChannelOption.SO_BACKLOG, 512)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline()
                                    // observeOutput: a long write in progress (a backup sent as one
                                    // file region) is activity for as long as the client takes its bytes.
                                    .addLast(new IdleStateHandler(true, 0, 0, IDLE_SECONDS, TimeUnit.SECONDS))
                                    .addLast(new CloseOnIdle(streaming.busy()))
                                    .addLast(new HttpServerCodec(MAX_INITIAL_LINE, MAX_HEADERS, 8192))
                                    .addLast(forwardedFor);
                            for (Supplier<ChannelHandler> handler : streaming.handlers()) {
                                ch.pipeline().addLast(handler.get());
                            }
                            ch.pipeline()
                                    .addLast(new JsonErrorAggregator(MAX_BODY_BYTES, json))
                                    .addLast(new ApiHandler(endpoints, authenticator, json, workers, rateLimit));
                        }
                    })
                    .bind(host, port).sync().channel();
            return new ApiServer(boss, io, workers, channel);
        } catch (InterruptedException | RuntimeException e) {
            workers.shutdownNow();
            boss.shutdownGracefully(0, 0, TimeUnit.SECONDS);
            io.shutdownGracefully(0, 0, TimeUnit.SECONDS);
            throw e;
        }
    }

    public int port() {
        return ((InetSocketAddress) serverChannel.localAddress()).getPort();
    }

    @Override
    public void close() throws InterruptedException {
        serverChannel.close().sync();
        workers.shutdown();
        workers.awaitTermination(10, TimeUnit.SECONDS);
        io.shutdownGracefully(0, 2, TimeUnit.SECONDS).sync();
        boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).sync();
    }

    /** Idle keep-alive connections are closed so they cannot pile up; a busy one (a build) stays. */
    private static final class CloseOnIdle extends ChannelDuplexHandler {
        private final Predicate<Channel> busy;

        CloseOnIdle(Predicate<Channel> busy) {
            this.busy = busy;
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
            if (evt instanceof IdleStateEvent) {
                if (!busy.test(ctx.channel())) {
                    ctx.close();
                }
            } else {
                super.userEventTriggered(ctx, evt);
            }
        }
    }
}
