package paas.api.stream;

import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StdinQueueTest {
    @Test
    void readingFromTheSocketPausesWhileTooMuchWaitsAndResumesOnceDrained() throws IOException {
        EmbeddedChannel channel = new EmbeddedChannel();
        StdinQueue stdin = new StdinQueue(channel);
        byte[] chunk = new byte[64 * 1024];
        for (int queued = 0; queued <= StdinQueue.HIGH_WATER; queued += chunk.length) {
            assertThat(channel.config().isAutoRead()).isTrue();
            stdin.offer(chunk.clone());
        }
        assertThat(channel.config().isAutoRead()).isFalse();

        byte[] into = new byte[chunk.length];
        while (stdin.available() >= 64 * 1024) {
            assertThat(stdin.read(into, 0, into.length)).isEqualTo(into.length);
        }
        channel.runPendingTasks();
        assertThat(channel.config().isAutoRead()).isTrue();
        channel.finishAndReleaseAll();
    }

    @Test
    void endOfInputComesAfterWhatIsQueuedAndAnAbortCutsItOff() throws IOException {
        EmbeddedChannel channel = new EmbeddedChannel();
        StdinQueue stdin = new StdinQueue(channel);
        stdin.offer("ab".getBytes(StandardCharsets.UTF_8));
        stdin.offer("c".getBytes(StandardCharsets.UTF_8));
        stdin.end();
        stdin.offer("ignored".getBytes(StandardCharsets.UTF_8));
        assertThat(new String(stdin.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("abc");

        StdinQueue cut = new StdinQueue(channel);
        cut.offer("lost".getBytes(StandardCharsets.UTF_8));
        cut.abort();
        assertThatThrownBy(cut::read).isInstanceOf(IOException.class).hasMessageContaining("disconnected");
        channel.finishAndReleaseAll();
    }
}
