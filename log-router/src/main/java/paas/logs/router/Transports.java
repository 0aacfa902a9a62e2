package paas.logs.router;

import paas.logs.Drain;
import paas.logs.DrainPolicy;
import paas.logs.DrainUrl;
import paas.logs.LogRouterConfig;
import paas.logs.drain.Transport;
import paas.logs.drain.https.HttpsTransport;
import paas.logs.drain.syslog.SyslogTransport;

/**
 * Makes the transport for a drain's URL, every one connecting through the drain policy's
 * pinned sockets. Stateless and thread-safe: each transport owns its connection.
 */
public final class Transports implements Transport.Factory {
    private final LogRouterConfig config;

    public Transports(LogRouterConfig config) {
        this.config = config;
    }

    @Override
    public Transport create(Drain drain) {
        DrainUrl target = drain.target();
        DrainPolicy policy = config.drainPolicy();
        return switch (target.kind()) {
            case SYSLOG_TCP -> new SyslogTransport(target, drain.token(), null, policy, config.connectTimeout());
            case SYSLOG_TLS -> new SyslogTransport(target, drain.token(), config.drainTls().getSocketFactory(),
                    policy, config.connectTimeout());
            case HTTPS -> new HttpsTransport(target, drain.token(), policy.tls(config.drainTls().getSocketFactory()),
                    config.connectTimeout(), config.httpsTimeout());
        };
    }
}
