package paas.nettyio;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ChannelInputTest {
    private static final int HIGH = 256 * 1024;
    private static final int LOW = 64 * 1024;

    private static ByteBuf text(String s) {
        return Unpooled.copiedBuffer(s, StandardCharsets.UTF_8);
    }

    @Test
    void readingFromTheSocketPausesWhileTooMuchWaitsAndResumesOnceDrained() throws IOException {
        EmbeddedChannel channel = new EmbeddedChannel();
        ChannelInput input = new ChannelInput(channel, HIGH, LOW);
        byte[] chunk = new byte[64 * 1024];
        for (int queued = 0; queued <= HIGH; queued += chunk.length) {
            assertThat(channel.config().isAutoRead()).isTrue();
            input.offer(Unpooled.wrappedBuffer(chunk.clone()));
        }
        assertThat(channel.config().isAutoRead()).isFalse();

        byte[] into = new byte[chunk.length];
        while (input.available() >= LOW) {
            assertThat(input.read(into, 0, into.length)).isEqualTo(into.length);
        }
        channel.runPendingTasks();
        assertThat(channel.config().isAutoRead()).isTrue();
        channel.finishAndReleaseAll();
    }

    @Test
    void endOfInputComesAfterWhatIsQueuedAndAnAbortCutsItOff() throws IOException {
        EmbeddedChannel channel = new EmbeddedChannel();
        ChannelInput input = new ChannelInput(channel, HIGH, LOW);
        input.offer(text("ab"));
        input.offer(text("c"));
        input.end();
        ByteBuf late = text("ignored");
        input.offer(late);
        assertThat(late.refCnt()).as("a chunk after the end is released").isZero();
        assertThat(new String(input.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("abc");

        ChannelInput cut = new ChannelInput(channel, HIGH, LOW);
        ByteBuf lost = text("lost");
        cut.offer(lost);
        cut.abort("the client disconnected; standard input is cut off");
        assertThat(lost.refCnt()).as("what was queued is released").isZero();
        assertThatThrownBy(cut::read).isInstanceOf(IOException.class).hasMessageContaining("disconnected");
        channel.finishAndReleaseAll();
    }

    @Test
    void aReaderThatClosesEarlyDropsTheRestAndLetsTheSocketBeReadAgain() throws IOException {
        EmbeddedChannel channel = new EmbeddedChannel();
        ChannelInput input = new ChannelInput(channel, 8, 4);
        ByteBuf big = text("more than eight bytes");
        input.offer(big);
        assertThat(channel.config().isAutoRead()).isFalse();

        input.close();
        channel.runPendingTasks();
        assertThat(big.refCnt()).isZero();
        assertThat(channel.config().isAutoRead()).isTrue();
        assertThat(input.read()).as("end of stream after close").isEqualTo(-1);
        ByteBuf after = text("x");
        input.offer(after);
        assertThat(after.refCnt()).isZero();
        channel.finishAndReleaseAll();
    }

    @Test
    void aBlockedReaderWakesForTheNextChunk() throws Exception {
        EmbeddedChannel channel = new EmbeddedChannel();
        ChannelInput input = new ChannelInput(channel, HIGH, LOW);
        var read = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return input.read();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        input.offer(text("z"));
        assertThat(read.get(10, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo('z');
        channel.finishAndReleaseAll();
    }
}
