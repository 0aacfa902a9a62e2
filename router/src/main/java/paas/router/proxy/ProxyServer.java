package paas.router.proxy;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutor;
import paas.router.RouteTable;
import paas.router.RouterConfig;
import paas.router.RouterLog;
import paas.router.tls.AcmeChallenges;
import paas.router.tls.RouterTls;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/** Binds the router's socket and owns its event loops; the Netty side of {@code RouterServer}. */
public final class ProxyServer implements AutoCloseable {
    private static final long SWEEP_NANOS = TimeUnit.SECONDS.toNanos(5);

    private final EventLoopGroup group;
    private final Channel serverChannel;
    private final Channel tlsChannel;
    private final LogHandoff log;
    private final Transport transport;

    private ProxyServer(EventLoopGroup group, Channel serverChannel, Channel tlsChannel, LogHandoff log,
                        Transport transport) {
        this.group = group;
        this.serverChannel = serverChannel;
        this.tlsChannel = tlsChannel;
        this.log = log;
        this.transport = transport;
    }

    /** See {@code RouterServer.start}. */
    public static ProxyServer start(RouterConfig config, RouteTable routes, RouterLog sink) throws InterruptedException {
        return start(config, routes, sink, Optional.empty(), new AcmeChallenges());
    }

    /** See {@code RouterServer.start}: the TLS port, when given, is bound first (redirects name it). */
    public static ProxyServer start(RouterConfig config, RouteTable routes, RouterLog sink, Optional<RouterTls> tls,
                                    AcmeChallenges challenges) throws InterruptedException {
        Transport transport = Transport.best();
        int threads = config.ioThreads() == 0 ? Runtime.getRuntime().availableProcessors() : config.ioThreads();
        EventLoopGroup group;
        try {
            group = eventLoops(threads, transport);
        } catch (RuntimeException | LinkageError ringRefused) {
            if (!transport.name().equals("io_uring")) {
                throw ringRefused;
            }
            // The probe passed but the kernel refused the rings themselves (a seccomp profile, a
            // memlock limit): epoll serves the same, a little slower, rather than no router at all.
            FrontendHandler.LOG.warn("router: io_uring refused ({}); using epoll", String.valueOf(ringRefused));
            transport = Transport.best("epoll");
            group = eventLoops(threads, transport);
        }
        LogHandoff log = new LogHandoff(sink, config.logQueueCapacity());
        String bindHost = config.bindHost();
        int bindPort = config.port();
        try {
            Balancer balancer = new Balancer(() -> ThreadLocalRandom.current().nextLong(), System::nanoTime,
                    config.quarantine().toNanos());
            Map<EventLoop, BackendPool> pools = new HashMap<>();
            for (EventExecutor e : group) {
                EventLoop loop = (EventLoop) e;
                BackendPool pool = new BackendPool(loop, transport, config);
                pools.put(loop, pool);
                long every = Math.min(SWEEP_NANOS, config.backendIdleTimeout().toNanos());
                loop.scheduleWithFixedDelay(pool::sweep, every, every, TimeUnit.NANOSECONDS);
            }
            group.next().scheduleWithFixedDelay(() -> balancer.sweep(TimeUnit.MINUTES.toNanos(1)), 1, 1, TimeUnit.MINUTES);
            HttpsPort httpsPort = new HttpsPort();
            Proxy proxy = new Proxy(config, routes, balancer, log, Clock.systemUTC(), pools, challenges, httpsPort);
            Channel tlsChannel = null;
            if (tls.isPresent()) {
                RouterTls t = tls.get();
                TlsContexts contexts = new TlsContexts(t.certificates());
                bindHost = t.bindHost();
                bindPort = t.port();
                tlsChannel = bind(group, transport, new TlsInitializer(proxy, contexts, t.handshakeTimeout().toMillis()),
                        t.bindHost(), t.port());
                httpsPort.set(((InetSocketAddress) tlsChannel.localAddress()).getPort());
                FrontendHandler.LOG.info("router TLS port {} with {} TLS", tlsChannel.localAddress(), contexts.provider());
                bindHost = config.bindHost();
                bindPort = config.port();
            }
            Channel channel = bind(group, transport, new ProxyInitializer(proxy), config.bindHost(), config.port());
            return new ProxyServer(group, channel, tlsChannel, log, transport);
        } catch (Exception e) {
            group.shutdownGracefully(0, 0, TimeUnit.SECONDS);
            log.close();
            if (e instanceof InterruptedException interrupted) {
                throw interrupted;
            }
            if (e instanceof RuntimeException unchecked) {
                throw unchecked;
            }
            // Netty rethrows the bind failure (a checked IOException) unchecked-ly; name it.
            throw new UncheckedIOException("router cannot listen on " + bindHost + ":" + bindPort
                    + ": " + e.getMessage(), e instanceof IOException io ? io : new IOException(e));
        }
    }

    private static EventLoopGroup eventLoops(int threads, Transport transport) {
        return new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory("router"), transport.ioHandlerFactory());
    }

    private static Channel bind(EventLoopGroup group, Transport transport, ChannelHandler initializer, String host,
                                int port) throws InterruptedException {
        return new ServerBootstrap()
                .group(group)
                .channel(transport.serverChannel())
                .option(ChannelOption.SO_BACKLOG, 1024)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.ALLOCATOR, Transport.ALLOCATOR)
                .childOption(ChannelOption.AUTO_READ, false)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(initializer)
                .bind(host, port).sync().channel();
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) serverChannel.localAddress();
    }

    /** The TLS port's address; null without one. */
    public InetSocketAddress tlsAddress() {
        return tlsChannel == null ? null : (InetSocketAddress) tlsChannel.localAddress();
    }

    public String transport() {
        return transport.name();
    }

    public long droppedLogLines() {
        return log.dropped();
    }

    @Override
    public void close() {
        try {
            serverChannel.close().sync();
            if (tlsChannel != null) {
                tlsChannel.close().sync();
            }
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).sync();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            log.close();
        }
    }
}
