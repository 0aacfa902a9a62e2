package paas.api.it;

import org.junit.jupiter.api.Test;
import paas.api.TestDatabases;

import java.time.Duration;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Local dynos never outlive paasd: SIGTERM stops paasd and its busy dynos (SIGTERM, then SIGKILL
 * after the stop grace) within the documented bound, PAAS_STOP_GRACE_SECONDS + 15 s; a second
 * SIGTERM forces the stop at once; a SIGKILLed paasd takes its dynos with it (the kernel's
 * parent-death signal). One app, deployed once; each paasd after the first starts its dynos again
 * from the store.
 */
class LocalDynosStopWithPaasdIT {
    private static final String PROCFILE = """
            busy: python3 -u chatty.py
            stubborn: trap '' TERM; python3 -u chatty.py
            quiet: sleep infinity
            """;

    @Test
    void localDynosStopWithPaasdWhateverStopsIt() throws Exception {
        try (PlatformFixture fixture = new PlatformFixture(TestDatabases.Kind.H2)) {
            fixture.env.put("PAAS_RUNTIME", "local");
            fixture.env.put("PAAS_STOP_GRACE_SECONDS", "3");
            PaasdProcess first = fixture.startPaasd();
            try {
                PaasCli paas = fixture.cli(first).withEnv("PAAS_API_TOKEN", PlatformFixture.ADMIN_TOKEN);
                LocalDynos.deploy(fixture, first, paas, "stopping", Map.of("Procfile", PROCFILE,
                        "chatty.py", LocalDynos.CHATTY_PY));
                PaasCli.Result scaled = paas.run("scale", "busy=3", "stubborn=3", "quiet=2", "-a", "stopping");
                assertThat(scaled.exitCode()).as(scaled.toString()).isZero();
                Set<Long> groups = LocalDynos.awaitRunning(fixture.dataDir, 8, Duration.ofSeconds(90));

                // SIGKILL: no shutdown code runs; the kernel kills each dyno's main process. The
                // chatty ones would also die writing to their closed pipe; the quiet ones would not.
                first.kill();
                assertThat(LocalDynos.awaitGone(groups, Duration.ofSeconds(5)))
                        .as("dynos left running by a SIGKILLed paasd:" + LocalDynos.describe(LocalDynos.livingIn(groups)))
                        .isTrue();
            } finally {
                first.close();
            }

            // A second SIGTERM while the stubborn dynos sit out a long grace.
            fixture.env.put("PAAS_STOP_GRACE_SECONDS", "120");
            try (PaasdProcess second = fixture.startPaasd()) {
                Set<Long> groups = LocalDynos.awaitRunning(fixture.dataDir, 8, Duration.ofSeconds(60));
                second.signalTerm();
                assertThat(second.awaitLine("shutting down", Duration.ofSeconds(10))).isTrue();
                long t0 = System.nanoTime();
                second.signalTerm();
                second.awaitExit(Duration.ofSeconds(10));
                Duration took = Duration.ofNanos(System.nanoTime() - t0);
                assertThat(took).as("the second SIGTERM forces the stop").isLessThan(Duration.ofSeconds(5));
                assertThat(second.output()).anyMatch(l -> l.contains("second SIGTERM"));
                assertThat(LocalDynos.awaitGone(groups, Duration.ofSeconds(5)))
                        .as("dynos left running after a forced stop:" + LocalDynos.describe(LocalDynos.livingIn(groups)))
                        .isTrue();
            }

            // One SIGTERM: busy and quiet dynos stop on it, stubborn ones are killed when the 3 s grace ends.
            fixture.env.put("PAAS_STOP_GRACE_SECONDS", "3");
            try (PaasdProcess third = fixture.startPaasd()) {
                Set<Long> groups = LocalDynos.awaitRunning(fixture.dataDir, 8, Duration.ofSeconds(60));
                long t0 = System.nanoTime();
                third.signalTerm();
                int code = third.awaitExit(Duration.ofSeconds(3 + 15 + 5));
                Duration took = Duration.ofNanos(System.nanoTime() - t0);
                System.out.println("paasd stopped on SIGTERM with 8 local dynos (grace 3 s) in " + took.toMillis() + " ms");
                assertThat(took).as("within PAAS_STOP_GRACE_SECONDS + 15 s").isLessThan(Duration.ofSeconds(3 + 15));
                assertThat(code).isEqualTo(143);
                assertThat(third.output()).anyMatch(l -> l.contains("stopped"))
                        .anyMatch(l -> l.contains("3 dynos still running 3 s after SIGTERM: SIGKILL"));
                assertThat(LocalDynos.livingIn(groups)).as("dynos left running by a stopped paasd").isEmpty();
            }
        }
    }
}
