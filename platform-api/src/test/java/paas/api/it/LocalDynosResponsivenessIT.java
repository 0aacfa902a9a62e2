package paas.api.it;

import org.junit.jupiter.api.Test;
import paas.api.TestDatabases;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The API keeps answering while local dynos run. Dyno output is read from pipes, which block in
 * the kernel: done on virtual threads, each quiet dyno held a carrier of the virtual-thread
 * scheduler (one per CPU) for good, and with two CPUs the API stopped answering altogether. Here
 * paasd is held to two CPUs and runs six quiet and six chatty local dynos while /health and an
 * authenticated GET /apps are sampled for 45 seconds.
 */
class LocalDynosResponsivenessIT {
    /** The fault stopped the API within seconds of the dynos starting; 45 s is over 2000 samples of each. */
    private static final Duration SAMPLING = Duration.ofSeconds(45);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(2);
    private static final long P99_LIMIT_MS = 100;

    @Test
    void apiAnswersPromptlyWhileSixQuietAndSixChattyLocalDynosRun() throws Exception {
        try (PlatformFixture fixture = new PlatformFixture(TestDatabases.Kind.H2)) {
            fixture.env.put("PAAS_RUNTIME", "local");
            // Two carriers and no more: JDK 25 lends the scheduler a spare carrier for each pipe read
            // that blocks (up to 256), which hides the fault until a host runs about 128 local dynos.
            // Without that net, one blocking read on a carrier shows here as it did in the hang.
            fixture.env.put("PAAS_JAVA_OPTS", "-XX:ActiveProcessorCount=2 -Djdk.virtualThreadScheduler.maxPoolSize=2");
            // The JVM option sets the scheduler's carriers; taskset also holds the process to two CPUs.
            List<String> twoCpus = Runtime.getRuntime().availableProcessors() >= 2
                    ? List.of("taskset", "-c", "0,1") : List.of();
            try (PaasdProcess paasd = PaasdProcess.start(fixture.env, twoCpus)) {
                PaasCli paas = fixture.cli(paasd).withEnv("PAAS_API_TOKEN", PlatformFixture.ADMIN_TOKEN);
                LocalDynos.deploy(fixture, paasd, paas, "busy", Map.of(
                        "Procfile", "quiet: sleep infinity\nchatty: python3 -u chatty.py\n",
                        "chatty.py", LocalDynos.CHATTY_PY));
                PaasCli.Result scaled = paas.run("scale", "quiet=6", "chatty=6", "-a", "busy");
                assertThat(scaled.exitCode()).as(scaled.toString()).isZero();
                LocalDynos.awaitRunning(fixture.dataDir, 12, Duration.ofSeconds(90));

                HttpClient client = HttpClient.newBuilder().connectTimeout(REQUEST_TIMEOUT).build();
                HttpRequest health = HttpRequest.newBuilder(URI.create(paasd.apiUrl() + "/health"))
                        .timeout(REQUEST_TIMEOUT).build();
                HttpRequest apps = HttpRequest.newBuilder(URI.create(paasd.apiUrl() + "/apps"))
                        .header("Authorization", "Bearer " + PlatformFixture.ADMIN_TOKEN)
                        .header("Accept", "application/json").timeout(REQUEST_TIMEOUT).build();
                Samples healthMs = new Samples("GET /health");
                Samples appsMs = new Samples("GET /apps");
                long end = System.nanoTime() + SAMPLING.toNanos();
                while (System.nanoTime() < end) {
                    healthMs.take(client, health);
                    appsMs.take(client, apps);
                    Thread.sleep(20);
                }
                System.out.println(healthMs.summary());
                System.out.println(appsMs.summary());
                assertThat(LocalDynos.livingIn(LocalDynos.groups(fixture.dataDir)))
                        .as("the dynos ran throughout").hasSizeGreaterThanOrEqualTo(12);
                assertThat(healthMs.failures).as(healthMs.summary()).isEmpty();
                assertThat(appsMs.failures).as(appsMs.summary()).isEmpty();
                assertThat(healthMs.p99()).as(healthMs.summary()).isLessThan(P99_LIMIT_MS);
                assertThat(appsMs.p99()).as(appsMs.summary()).isLessThan(P99_LIMIT_MS);
                paasd.terminate();
            }
        }
    }

    /** Latencies of one request, a timeout counted as the time waited. */
    private static final class Samples {
        private final String name;
        private final List<Double> millis = new ArrayList<>();
        private final List<String> failures = new ArrayList<>();

        Samples(String name) {
            this.name = name;
        }

        void take(HttpClient client, HttpRequest request) throws InterruptedException {
            long t0 = System.nanoTime();
            try {
                HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() != 200) {
                    failures.add("status " + r.statusCode() + ": " + r.body());
                }
            } catch (HttpTimeoutException e) {
                failures.add("no answer within " + REQUEST_TIMEOUT.toMillis() + " ms");
            } catch (java.io.IOException e) {
                failures.add(e.toString());
            }
            millis.add((System.nanoTime() - t0) / 1e6);
        }

        double percentile(double p) {
            List<Double> sorted = new ArrayList<>(millis);
            Collections.sort(sorted);
            return sorted.get((int) Math.min(sorted.size() - 1, Math.ceil(p * sorted.size()) - 1));
        }

        double p99() {
            return percentile(0.99);
        }

        String summary() {
            return String.format("%s: %d samples, p50 %.1f ms, p99 %.1f ms, max %.1f ms, %d failed%s", name,
                    millis.size(), percentile(0.5), p99(), percentile(1.0), failures.size(),
                    failures.isEmpty() ? "" : " (first: " + failures.getFirst() + ")");
        }
    }
}
