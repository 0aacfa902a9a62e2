package paas.logs;

import javax.net.ssl.SSLContext;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * The router's limits and drain settings. Defaults follow Heroku's: 1500 lines of history
 * per app, 10,000-byte lines, and buffers of 1000 lines per tail and 10,000 per drain.
 *
 * @param historyLines     lines kept per app
 * @param tailBufferLines  lines a tail may fall behind before L11
 * @param drainBufferLines lines a drain may fall behind before L10
 * @param maxLineBytes     longest line in UTF-8 bytes; longer ones are split (at least 64)
 * @param drainBatchLines  most lines per HTTPS POST or per syslog write
 * @param drainPolicy      which hosts drains may reach; judged again on every connection
 * @param drainTls         trust (and client keys, if any) for {@code syslog+tls} and {@code https} drains
 * @param connectTimeout   TCP connect plus TLS handshake, per attempt
 * @param httpsTimeout     the longest silence from an HTTPS receiver during one POST (handshake, response)
 * @param backoffInitial   wait after a drain's first failure; doubles per failure
 * @param backoffMax       the cap on that wait
 * @param clock            time source for L10/L11 notices
 */
public record LogRouterConfig(int historyLines, int tailBufferLines, int drainBufferLines, int maxLineBytes,
                              int drainBatchLines, DrainPolicy drainPolicy, SSLContext drainTls,
                              Duration connectTimeout, Duration httpsTimeout, Duration backoffInitial,
                              Duration backoffMax, Clock clock) {

    public LogRouterConfig {
        atLeast("historyLines", historyLines, 1);
        atLeast("tailBufferLines", tailBufferLines, 1);
        atLeast("drainBufferLines", drainBufferLines, 1);
        atLeast("maxLineBytes", maxLineBytes, 64);
        atLeast("drainBatchLines", drainBatchLines, 1);
        Objects.requireNonNull(drainPolicy, "drainPolicy");
        Objects.requireNonNull(drainTls, "drainTls");
        positive("connectTimeout", connectTimeout);
        positive("httpsTimeout", httpsTimeout);
        positive("backoffInitial", backoffInitial);
        positive("backoffMax", backoffMax);
        if (backoffMax.compareTo(backoffInitial) < 0) {
            throw new IllegalArgumentException("backoffMax (" + backoffMax + ") must be at least backoffInitial (" + backoffInitial + ")");
        }
        Objects.requireNonNull(clock, "clock");
    }

    /** The defaults; drains reach public addresses only, the JDK's default trust store. */
    public static LogRouterConfig defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    private static void atLeast(String name, int value, int min) {
        if (value < min) {
            throw new IllegalArgumentException(name + " must be at least " + min + ", got " + value);
        }
    }

    private static void positive(String name, Duration d) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be a positive duration, got " + d);
        }
    }

    /** Many optional settings, hence a builder; {@link #build} validates. */
    public static final class Builder {
        private int historyLines = 1500;
        private int tailBufferLines = 1000;
        private int drainBufferLines = 10_000;
        private int maxLineBytes = LogLine.MAX_TEXT_BYTES;
        private int drainBatchLines = 500;
        private DrainPolicy drainPolicy = DrainPolicy.strict();
        private SSLContext drainTls;
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration httpsTimeout = Duration.ofSeconds(30);
        private Duration backoffInitial = Duration.ofMillis(500);
        private Duration backoffMax = Duration.ofSeconds(60);
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        public Builder historyLines(int v) { historyLines = v; return this; }
        public Builder tailBufferLines(int v) { tailBufferLines = v; return this; }
        public Builder drainBufferLines(int v) { drainBufferLines = v; return this; }
        public Builder maxLineBytes(int v) { maxLineBytes = v; return this; }
        public Builder drainBatchLines(int v) { drainBatchLines = v; return this; }
        public Builder drainPolicy(DrainPolicy v) { drainPolicy = v; return this; }
        public Builder drainTls(SSLContext v) { drainTls = v; return this; }
        public Builder connectTimeout(Duration v) { connectTimeout = v; return this; }
        public Builder httpsTimeout(Duration v) { httpsTimeout = v; return this; }
        public Builder backoff(Duration initial, Duration max) { backoffInitial = initial; backoffMax = max; return this; }
        public Builder clock(Clock v) { clock = v; return this; }

        public LogRouterConfig build() {
            return new LogRouterConfig(historyLines, tailBufferLines, drainBufferLines, maxLineBytes, drainBatchLines,
                    drainPolicy, drainTls != null ? drainTls : defaultTls(), connectTimeout, httpsTimeout,
                    backoffInitial, backoffMax, clock);
        }

        private static SSLContext defaultTls() {
            try {
                return SSLContext.getDefault();
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("the JDK has no default TLS context", e);
            }
        }
    }
}
