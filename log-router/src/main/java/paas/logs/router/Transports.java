package paas.logs.router;

import paas.logs.Drain;
import paas.logs.DrainUrl;
import paas.logs.LogRouterConfig;
import paas.logs.drain.Transport;
import paas.logs.drain.https.HttpsTransport;
import paas.logs.drain.syslog.SyslogTransport;

import java.net.http.HttpClient;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Makes the transport for a drain's URL. HTTPS drains share one {@link HttpClient} (made on
 * first use, its callbacks on virtual threads); {@link #close} releases it. Thread-safe.
 */
public final class Transports implements Transport.Factory, AutoCloseable {
    private final LogRouterConfig config;
    private HttpClient http;           // guarded by this
    private ExecutorService httpThreads; // guarded by this

    public Transports(LogRouterConfig config) {
        this.config = config;
    }

    @Override
    public Transport create(Drain drain) {
        DrainUrl target = drain.target();
        return switch (target.kind()) {
            case SYSLOG_TCP -> new SyslogTransport(target, drain.token(), null, config.drainPolicy(), config.connectTimeout());
            case SYSLOG_TLS -> new SyslogTransport(target, drain.token(), config.drainTls().getSocketFactory(),
                    config.drainPolicy(), config.connectTimeout());
            case HTTPS -> new HttpsTransport(target, drain.token(), http(), config.drainPolicy(), config.httpsTimeout());
        };
    }

    private synchronized HttpClient http() {
        if (http == null) {
            httpThreads = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("drain-https-", 0).factory());
            http = HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1) // what log receivers are written for
                    .sslContext(config.drainTls())
                    .connectTimeout(config.connectTimeout())
                    .followRedirects(HttpClient.Redirect.NEVER)
                    .executor(httpThreads)
                    .build();
        }
        return http;
    }

    @Override
    public synchronized void close() {
        if (http != null) {
            http.shutdownNow();
            httpThreads.shutdownNow();
            http = null;
        }
    }
}
