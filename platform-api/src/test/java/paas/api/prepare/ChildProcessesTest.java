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
    void paasdsOwnSettingsAndSecretsDoNotReachTheScriptsButTheirSettingsDo() {
        Map<String, String> env = new java.util.HashMap<>(Map.of("PAAS_SECRET_KEY", "k", "PAAS_ADMIN_TOKEN", "t",
                "PAAS_ROUTER_TOKEN", "r", "DATABASE_URL", "postgres://u:p@db/paas", "PAAS_DATA_DIR", "/var/lib/paas",
                "PATH", "/usr/bin", "PAAS_DEBIAN_MIRROR", "http://mirror", "PAAS_STACK_VERBOSE", "1",
                "PAAS_DOCKERD_WAIT", "90", "PAAS_EXTRA_CA_DIR", "/etc/ca"));
        env.put("PAAS_ADDON_IMAGE_PREFIX", "mine/addon");
        ChildProcesses.scrub(env);
        assertThat(env).containsOnlyKeys("PATH", "PAAS_DEBIAN_MIRROR", "PAAS_STACK_VERBOSE", "PAAS_DOCKERD_WAIT",
                "PAAS_EXTRA_CA_DIR", "PAAS_ADDON_IMAGE_PREFIX");
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
