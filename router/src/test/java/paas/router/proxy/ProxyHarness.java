package paas.router.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import paas.router.Backend;
import paas.router.Route;
import paas.router.RouteTable;
import paas.router.RouterConfig;
import paas.router.testkit.RecordingLog;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The router's handlers on EmbeddedChannels: one client connection, and dyno connections that
 * sit in the backend pool ready to be lent (so nothing connects over a network). Time is frozen
 * on the client's event loop and moves only when a test says so.
 */
final class ProxyHarness {
    static final Backend WEB_1 = new Backend("web.1", "127.0.0.1", 5001);
    static final Backend WEB_2 = new Backend("web.2", "127.0.0.1", 5002);

    final RouteTable routes = new RouteTable("test.local");
    final RecordingLog log = new RecordingLog();
    final RouterConfig config;
    final EmbeddedChannel client;
    final BackendPool pool;

    ProxyHarness() {
        this(RouterConfig.defaults().withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(30),
                Duration.ofSeconds(55), Duration.ofSeconds(90)));
    }

    ProxyHarness(RouterConfig config) {
        this(config, true);
    }

    /** Without a backend pool for the client's loop, as a broken router would be. */
    ProxyHarness(boolean withPool) {
        this(RouterConfig.defaults(), withPool);
    }

    private ProxyHarness(RouterConfig config, boolean withPool) {
        this.config = config;
        client = new EmbeddedChannel();
        client.freezeTime();
        client.config().setAutoRead(false);
        pool = new BackendPool(client.eventLoop(), Transport.nio(), config);
        Proxy proxy = new Proxy(config, routes, new Balancer(() -> 7L, System::nanoTime, 1_000_000_000L), log,
                Clock.systemUTC(), withPool ? Map.of(client.eventLoop(), pool) : Map.of());
        client.pipeline().addLast(new ProxyInitializer(proxy));
        client.pipeline().fireChannelActive();
    }

    /** Routes {@code app.test.local} to {@link #WEB_1} and returns a pooled dyno connection for it. */
    EmbeddedChannel dyno(String app) {
        routes.update(new Route(app, List.of(WEB_1)));
        return pooledDyno();
    }

    EmbeddedChannel pooledDyno() {
        return pooledDyno(WEB_1);
    }

    EmbeddedChannel pooledDyno(Backend backend) {
        EmbeddedChannel dyno = new EmbeddedChannel();
        dyno.config().setAutoRead(false);
        pool.initChannel(dyno, backend);
        pool.release(dyno.pipeline().get(BackendHandler.class));
        return dyno;
    }

    void send(String raw) {
        client.writeInbound(Unpooled.copiedBuffer(raw, StandardCharsets.ISO_8859_1));
        client.runPendingTasks();
    }

    static void reply(EmbeddedChannel dyno, String raw) {
        dyno.writeInbound(Unpooled.copiedBuffer(raw, StandardCharsets.ISO_8859_1));
    }

    void advance(Duration d) {
        client.advanceTimeBy(d.toNanos(), java.util.concurrent.TimeUnit.NANOSECONDS);
        client.runScheduledPendingTasks();
        client.runPendingTasks();
    }

    /** Everything written to the client so far, as text; the buffers are released. */
    String toClient() {
        return drain(client);
    }

    /** Everything the router wrote to a dyno so far, as text; the buffers are released. */
    static String drain(EmbeddedChannel ch) {
        StringBuilder sb = new StringBuilder();
        Object o;
        while ((o = ch.readOutbound()) != null) {
            ByteBuf b = (ByteBuf) o;
            sb.append(b.toString(StandardCharsets.ISO_8859_1));
            b.release();
        }
        return sb.toString();
    }
}
