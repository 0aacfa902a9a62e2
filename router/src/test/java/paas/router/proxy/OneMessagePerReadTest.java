package paas.router.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class OneMessagePerReadTest {
    final List<Object> delivered = new ArrayList<>();
    final OneMessagePerRead gate = new OneMessagePerRead();
    final EmbeddedChannel ch = new EmbeddedChannel(false, false, gate, new ChannelInboundHandlerAdapter() {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            delivered.add(msg);
        }
    });

    {
        ch.config().setAutoRead(false);
        try {
            ch.register();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void eachReadDeliversOneMessageAndTheRestWait() {
        ch.pipeline().read();
        ch.pipeline().fireChannelRead("a").fireChannelRead("b").fireChannelRead("c").fireChannelReadComplete();
        assertThat(delivered).containsExactly("a");
        ch.pipeline().read();
        assertThat(delivered).containsExactly("a", "b");
        ch.pipeline().read();
        ch.pipeline().read();
        assertThat(delivered).containsExactly("a", "b", "c");
        ch.pipeline().fireChannelRead("d");
        assertThat(delivered).as("a read asked for before stays asked for").containsExactly("a", "b", "c", "d");
        ch.pipeline().fireChannelRead("e");
        assertThat(delivered).hasSize(4);
        assertThat(gate.queued()).isEqualTo(1);
    }

    @Test
    void aReadAskedForWhileHandlingAMessageOutlivesTheEndOfTheBatch() {
        ch.pipeline().read();
        ch.pipeline().fireChannelRead("a");
        ch.pipeline().read();
        ch.pipeline().fireChannelReadComplete();
        ch.pipeline().fireChannelRead("b");
        assertThat(delivered).containsExactly("a", "b");
    }

    @Test
    void queuedBuffersAreReleasedWhenTheChannelCloses() {
        ByteBuf waiting = Unpooled.buffer(4).writeInt(1);
        ch.pipeline().fireChannelRead(waiting);
        ch.close();
        ch.runPendingTasks();
        assertThat(waiting.refCnt()).isZero();
    }
}
