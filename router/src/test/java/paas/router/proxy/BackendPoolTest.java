package paas.router.proxy;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;
import paas.router.Backend;
import paas.router.RouterConfig;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class BackendPoolTest {
    static final Backend WEB_1 = new Backend("web.1", "10.0.0.1", 5000);
    final EmbeddedChannel loopOwner = new EmbeddedChannel();
    final BackendPool pool = new BackendPool(loopOwner.eventLoop(), Transport.nio(),
            RouterConfig.defaults().withBackendPool(Duration.ofMillis(200), 2));

    BackendHandler connection() {
        EmbeddedChannel ch = new EmbeddedChannel();
        pool.initChannel(ch, WEB_1);
        return ch.pipeline().get(BackendHandler.class);
    }

    @Test
    void mostRecentlyReleasedIsLentFirstAndExtrasBeyondTheLimitAreClosed() {
        BackendHandler a = connection();
        BackendHandler b = connection();
        BackendHandler c = connection();
        pool.release(a);
        pool.release(b);
        pool.release(c);
        assertThat(c.channel().isOpen()).as("over the limit of 2").isFalse();
        assertThat(pool.poll(WEB_1)).isSameAs(b);
        assertThat(pool.poll(WEB_1)).isSameAs(a);
        assertThat(pool.poll(WEB_1)).isNull();
    }

    @Test
    void aConnectionClosedWhileIdleLeavesThePool() {
        BackendHandler a = connection();
        pool.release(a);
        a.channel().close();
        assertThat(pool.idleCount()).isZero();
        assertThat(pool.poll(WEB_1)).isNull();
    }

    @Test
    void bytesOnAnIdleConnectionCloseIt() {
        BackendHandler a = connection();
        pool.release(a);
        ((EmbeddedChannel) a.channel()).writeInbound(Unpooled.copiedBuffer("HTTP/1.1 200 OK\r\n\r\n".getBytes()));
        assertThat(a.channel().isOpen()).isFalse();
        assertThat(pool.idleCount()).isZero();
    }

    @Test
    void connectionsIdleTooLongAreSweptOrSkipped() throws Exception {
        BackendHandler a = connection();
        pool.release(a);
        Thread.sleep(250); // real time passing is the point: the pool ages connections by System.nanoTime, 200 ms max
        BackendHandler b = connection();
        pool.release(b);
        pool.sweep();
        assertThat(a.channel().isOpen()).isFalse();
        assertThat(b.channel().isOpen()).isTrue();
        assertThat(pool.poll(WEB_1)).isSameAs(b);
    }
}
