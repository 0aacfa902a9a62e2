import paas.logs.Drain;
import paas.logs.DrainPolicy;
import paas.logs.DrainStatus;
import paas.logs.DynoOutput;
import paas.logs.LogLine;
import paas.logs.LogRouterConfig;
import paas.logs.router.MemoryLogRouter;
import paas.logs.Source;
import paas.logs.Tail;
import paas.logs.TailRequest;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * log-router benchmark (not a test). Measures, on this machine:
 *  1. ingest: bytes of a simulated dyno stdout through DynoOutput into the app buffer, no readers;
 *  2. the same with one following tail reading on another thread;
 *  3. the same with one syslog+tcp drain to a local sink that only counts frames;
 *  4. delay from publish to arrival at a following tail, at a steady rate (p50/p99/max).
 * Run with log-router/bench/run.sh [lines] [rate].
 */
public class LogRouterBench {
    static final String APP = "bench";

    public static void main(String[] args) throws Exception {
        int lines = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int rate = args.length > 1 ? Integer.parseInt(args[1]) : 50_000;
        byte[] stdout = simulatedStdout(lines);
        System.out.printf("java %s, %d cores; %,d lines, %,d bytes of simulated stdout (%.0f bytes/line)%n",
                Runtime.version(), Runtime.getRuntime().availableProcessors(), lines, stdout.length, (double) stdout.length / lines);

        for (int round = 1; round <= 3; round++) {
            String tag = round == 1 ? "(warm-up) " : "";
            ingestOnly(stdout, lines, tag);
            ingestWithTail(stdout, lines, tag);
            ingestWithDrain(stdout, lines, tag);
        }
        latencyToTail(rate, 5);
        latencyToTail(rate * 2, 5);
    }

    static byte[] simulatedStdout(int lines) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(lines * 140);
        for (int i = 0; i < lines; i++) {
            out.writeBytes(("at=info method=GET path=\"/items/" + (i % 9973) + "\" host=bench.example request_id="
                    + Integer.toHexString(i * 2654435761L > 0 ? i : -i) + " fwd=\"10.0.0." + (i % 250) + "\" status=200 bytes="
                    + (i % 4096) + " seq=" + i + "\n").getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }

    static MemoryLogRouter router() {
        return new MemoryLogRouter(LogRouterConfig.builder().drainPolicy(DrainPolicy.allowingLoopback()).build());
    }

    /** Feeds stdout in 64 KiB chunks as a pipe would deliver it; returns elapsed nanos. */
    static long feed(MemoryLogRouter router, byte[] stdout) {
        DynoOutput out = DynoOutput.forDyno(router, APP, "web.1");
        long t0 = System.nanoTime();
        for (int off = 0; off < stdout.length; off += 65536) {
            out.write(stdout, off, Math.min(65536, stdout.length - off));
        }
        out.close();
        return System.nanoTime() - t0;
    }

    static void ingestOnly(byte[] stdout, int lines, String tag) {
        try (MemoryLogRouter router = router()) {
            long nanos = feed(router, stdout);
            System.out.printf("%singest only:        %,12.0f lines/s  (%.0f MB/s)%n", tag, lines / (nanos / 1e9), stdout.length / (nanos / 1e9) / 1e6);
        }
    }

    static void ingestWithTail(byte[] stdout, int lines, String tag) throws Exception {
        try (MemoryLogRouter router = router()) {
            Tail tail = router.tail(TailRequest.of(APP).withLines(0).withFollow(true));
            AtomicLong received = new AtomicLong();
            AtomicLong dropped = new AtomicLong();
            Thread reader = Thread.ofPlatform().start(() -> {
                try {
                    while (!tail.isEnded()) {
                        Optional<LogLine> l = tail.poll(Duration.ofMillis(200));
                        if (l.isEmpty()) {
                            if (received.get() + dropped.get() >= lines) {
                                return;
                            }
                            continue;
                        }
                        if (l.get().source() == Source.PAAS) {
                            String t = l.get().text(); // Error L11 (...): N messages dropped since ...
                            dropped.addAndGet(Long.parseLong(t.substring(t.indexOf("): ") + 3, t.indexOf(" messages"))));
                        } else {
                            received.incrementAndGet();
                        }
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            long t0 = System.nanoTime();
            long publishNanos = feed(router, stdout);
            reader.join();
            long allNanos = System.nanoTime() - t0;
            tail.close();
            System.out.printf("%singest + 1 tail:    %,12.0f lines/s published; tail got %,d (%.1f%%) at %,.0f lines/s, told of %,d dropped (L11)%n",
                    tag, lines / (publishNanos / 1e9), received.get(), 100.0 * received.get() / lines,
                    received.get() / (allNanos / 1e9), dropped.get());
        }
    }

    static void ingestWithDrain(byte[] stdout, int lines, String tag) throws Exception {
        try (MemoryLogRouter router = router(); CountingSink sink = new CountingSink()) {
            Drain drain = Drain.create("syslog+tcp://127.0.0.1:" + sink.port());
            router.setDrains(APP, List.of(drain));
            long t0 = System.nanoTime();
            long publishNanos = feed(router, stdout);
            // Done when the drain's buffer is empty and the sink has every frame the drain handed over.
            while (true) {
                DrainStatus s = router.drainStatus(APP).get(0);
                if (s.buffered() == 0 && sink.frames.get() >= s.delivered() && s.delivered() + s.dropped() >= lines) {
                    break;
                }
                Thread.sleep(1);
            }
            long allNanos = System.nanoTime() - t0;
            DrainStatus s = router.drainStatus(APP).get(0);
            System.out.printf("%singest + tcp drain: %,12.0f lines/s published; sink got %,d frames (%.1f%% of lines) at %,.0f lines/s, %,d dropped (L10), %,.0f MB on the wire%n",
                    tag, lines / (publishNanos / 1e9), sink.frames.get(), 100.0 * (lines - s.dropped()) / lines,
                    sink.frames.get() / (allNanos / 1e9), s.dropped(), sink.bytes.get() / 1e6);
        }
    }

    static void latencyToTail(int rate, int seconds) throws Exception {
        int n = rate * seconds;
        long[] published = new long[n];
        long[] delay = new long[n];
        try (MemoryLogRouter router = router()) {
            Tail tail = router.tail(TailRequest.of(APP).withLines(0).withFollow(true));
            AtomicLong got = new AtomicLong();
            AtomicLong notices = new AtomicLong();
            Thread reader = Thread.ofPlatform().start(() -> {
                try {
                    while (got.get() < n) {
                        Optional<LogLine> l = tail.poll(Duration.ofSeconds(2));
                        if (l.isEmpty()) {
                            return;
                        }
                        long now = System.nanoTime();
                        String t = l.get().text();
                        if (l.get().source() == Source.PAAS) {
                            notices.incrementAndGet();
                            continue;
                        }
                        int seq = Integer.parseInt(t.substring(t.lastIndexOf('=') + 1));
                        delay[(int) got.getAndIncrement()] = now - published[seq];
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            long start = System.nanoTime();
            long interval = 1_000_000_000L / rate;
            for (int i = 0; i < n; i++) {
                long due = start + i * interval;
                long wait = due - System.nanoTime();
                if (wait > 50_000) {
                    LockSupport.parkNanos(wait - 50_000);
                }
                while (System.nanoTime() < due) {
                    Thread.onSpinWait();
                }
                published[i] = System.nanoTime();
                router.publish(new LogLine(Instant.now(), APP, Source.ROUTER, "router",
                        "at=info method=GET path=\"/\" status=200 bytes=512 seq=" + i));
            }
            reader.join();
            tail.close();
            long[] d = Arrays.copyOf(delay, (int) got.get());
            Arrays.sort(d);
            System.out.printf("publish -> tail at %,d lines/s for %ds: received %,d, p50 %.3f ms, p99 %.3f ms, max %.3f ms, L11 notices %d%n",
                    rate, seconds, d.length, pct(d, 50), pct(d, 99), d.length == 0 ? 0 : d[d.length - 1] / 1e6, notices.get());
        }
    }

    static double pct(long[] sorted, int p) {
        return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) ((long) sorted.length * p / 100))] / 1e6;
    }

    /** A syslog receiver that only counts octet-counted frames. */
    static final class CountingSink implements AutoCloseable {
        final ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        final AtomicLong frames = new AtomicLong();
        final AtomicLong bytes = new AtomicLong();

        CountingSink() throws IOException {
            Thread.ofPlatform().daemon().start(() -> {
                while (!server.isClosed()) {
                    try {
                        Socket s = server.accept();
                        Thread.ofPlatform().daemon().start(() -> count(s));
                    } catch (IOException e) {
                        return;
                    }
                }
            });
        }

        int port() {
            return server.getLocalPort();
        }

        void count(Socket s) {
            try (s; InputStream in = new BufferedInputStream(s.getInputStream(), 1 << 16)) {
                while (true) {
                    int len = 0;
                    int c;
                    while ((c = in.read()) != ' ') {
                        if (c < 0) {
                            return;
                        }
                        len = len * 10 + (c - '0');
                    }
                    in.skipNBytes(len);
                    frames.incrementAndGet();
                    bytes.addAndGet(len);
                }
            } catch (IOException e) {
                // the benchmark ended
            }
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }
}
