package paas.api.prepare;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

class ChildProcessesTest {
    @Test
    void bothStreamsComeAsLinesWithTheEngineInTheEnvironmentAndTheExitCode() throws Exception {
        List<String> lines = new CopyOnWriteArrayList<>();
        int code = new ChildProcesses(Map.of("DOCKER_HOST", "unix:///tmp/x.sock"))
                .run(List.of("/bin/sh", "-c", "echo out; echo err >&2; echo \"$DOCKER_HOST\"; read x || echo no-stdin; exit 3"),
                        lines::add);
        assertThat(code).isEqualTo(3);
        assertThat(lines).containsExactly("out", "err", "unix:///tmp/x.sock", "no-stdin");
    }

    @Test
    void aVirtualThreadIsRefusedBeforeAnythingStarts() throws Exception {
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread.ofVirtual().start(() -> {
            try {
                new ChildProcesses(Map.of()).run(List.of("/bin/true"), l -> {
                });
            } catch (Throwable t) {
                thrown.set(t);
            }
        }).join();
        assertThat(thrown.get()).isInstanceOf(IllegalStateException.class).hasMessageContaining("platform thread");
    }
}
