package paas.api.it;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** HTTP requests to an app through a router, as a client on the internet sends them. */
final class WebTraffic {
    private WebTraffic() {
    }

    record Response(int statusCode, String body) {
    }

    /**
     * One GET with the app's Host header, on a fresh connection. By hand because java.net.http
     * refuses to set Host, and *.localhost names do not resolve everywhere.
     */
    static Response get(int routerPort, String app, String path) throws IOException {
        try (Socket s = new Socket("127.0.0.1", routerPort)) {
            s.setSoTimeout(20_000);
            s.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: " + app + ".localhost\r\n"
                    + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            String raw = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int status = Integer.parseInt(raw.substring(9, 12));
            int bodyAt = raw.indexOf("\r\n\r\n");
            return new Response(status, bodyAt < 0 ? "" : raw.substring(bodyAt + 4));
        }
    }

    /**
     * A steady loop of requests through a router, one every 20 ms, recording failures (a status
     * other than 200 as itself, no answer as -1) and the slowest answer, until stopped.
     */
    static final class SteadyLoad {
        final List<Integer> failures = new CopyOnWriteArrayList<>();
        final List<String> bodies = new CopyOnWriteArrayList<>();
        final AtomicInteger sent = new AtomicInteger();
        final AtomicLong maxLatencyMs = new AtomicLong();
        private final AtomicBoolean done = new AtomicBoolean();
        private final Thread loop;

        SteadyLoad(int routerPort, String app) {
            loop = Thread.ofVirtual().start(() -> {
                while (!done.get()) {
                    long started = System.nanoTime();
                    sent.incrementAndGet();
                    try {
                        Response r = get(routerPort, app, "/");
                        if (r.statusCode() != 200) {
                            failures.add(r.statusCode());
                        } else {
                            bodies.add(r.body().strip());
                        }
                    } catch (Exception e) {
                        failures.add(-1);
                    }
                    maxLatencyMs.accumulateAndGet((System.nanoTime() - started) / 1_000_000, Math::max);
                    try {
                        Thread.sleep(20);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
        }

        void stop() throws InterruptedException {
            done.set(true);
            loop.join(30_000);
        }

        @Override
        public String toString() {
            return "sent=" + sent.get() + " failed=" + failures.size() + " max_latency_ms=" + maxLatencyMs.get();
        }
    }
}
