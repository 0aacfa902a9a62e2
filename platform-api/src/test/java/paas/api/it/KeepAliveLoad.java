package paas.api.it;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Concurrent GETs through a router, as browsers send them: a few client threads, each with one
 * request in flight at a time over a kept-alive HTTP/1.1 connection (the router, not the test,
 * decides when to close). Records every failure with when it happened, and which dyno answered.
 * The {@code Host} header is allowed by the failsafe configuration
 * ({@code jdk.httpclient.allowRestrictedHeaders=host}).
 */
final class KeepAliveLoad implements AutoCloseable {
    /** A request that did not get a 200: when it was sent and ended ({@link System#nanoTime()}), its status, or -1 with the exception. */
    record Failure(long sentNanos, long atNanos, int status, String what) {
    }

    final int threads;
    final List<Failure> failures = new CopyOnWriteArrayList<>();
    /** The first word of each answer (the DYNO that served it), in order. */
    final List<String> servedBy = new CopyOnWriteArrayList<>();
    final AtomicInteger sent = new AtomicInteger();
    /** The slowest answer since the last {@link #resetSlowest()}, in ms. */
    final java.util.concurrent.atomic.AtomicLong slowestMs = new java.util.concurrent.atomic.AtomicLong();
    private final AtomicBoolean done = new AtomicBoolean();
    private final HttpClient http;
    private final List<Thread> loops = new ArrayList<>();

    KeepAliveLoad(int routerPort, String app, int threads) {
        this.threads = threads;
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
        HttpRequest get = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + routerPort + "/"))
                .header("Host", app + ".localhost").timeout(Duration.ofSeconds(20)).GET().build();
        for (int i = 0; i < threads; i++) {
            loops.add(Thread.ofPlatform().daemon().name("keep-alive-load-" + i).start(() -> {
                while (!done.get()) {
                    sent.incrementAndGet();
                    long sentAt = System.nanoTime();
                    try {
                        HttpResponse<String> r = http.send(get, HttpResponse.BodyHandlers.ofString());
                        if (r.statusCode() == 200) {
                            servedBy.add(r.body().split(" ", 2)[0]);
                        } else {
                            failures.add(new Failure(sentAt, System.nanoTime(), r.statusCode(), r.body().strip()));
                        }
                    } catch (Exception e) {
                        failures.add(new Failure(sentAt, System.nanoTime(), -1, e.toString()));
                    }
                    slowestMs.accumulateAndGet((System.nanoTime() - sentAt) / 1_000_000, Math::max);
                    try {
                        Thread.sleep(5); // a steady load, not a benchmark: leave the 2 cores to paasd and the dynos
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }));
        }
    }

    void resetSlowest() {
        slowestMs.set(0);
    }

    /** The failures that ended at or after {@code fromNanos} (a {@link System#nanoTime()}). */
    List<Failure> failuresSince(long fromNanos) {
        return failures.stream().filter(f -> f.atNanos() - fromNanos >= 0).toList();
    }

    @Override
    public void close() throws InterruptedException {
        done.set(true);
        for (Thread t : loops) {
            t.join(30_000);
        }
        http.close();
    }

    @Override
    public String toString() {
        return "threads=" + threads + " sent=" + sent.get() + " failed=" + failures.size();
    }
}
