package paas.logs.it;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import paas.logs.Drain;
import paas.logs.DrainPolicy;
import paas.logs.DrainStatus;
import paas.logs.LogFormat;
import paas.logs.LogLine;
import paas.logs.LogRouterConfig;
import paas.logs.router.MemoryLogRouter;
import paas.logs.Source;
import paas.logs.drain.TlsContexts;
import paas.logs.testing.Rsyslog;
import paas.logs.testing.SelfSignedCert;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Drains to a real rsyslogd over TCP and over TLS; rsyslog's own parser checks our framing. */
class RsyslogDrainIT {
    @TempDir
    Path dir;
    private Rsyslog rsyslog;
    private MemoryLogRouter router;

    @BeforeEach
    void start() throws Exception {
        Rsyslog.binary(); // fail at once, with the fix, when rsyslog is missing
        SelfSignedCert cert = SelfSignedCert.generateRsa(dir);
        rsyslog = Rsyslog.start(dir, cert);
        char[] password = "trust".toCharArray();
        router = new MemoryLogRouter(LogRouterConfig.builder()
                .drainPolicy(DrainPolicy.allowingLoopback())
                .drainTls(TlsContexts.trusting(cert.writeTrustStore(dir.resolve("trust.p12"), password), password))
                .build());
    }

    @AfterEach
    void stop() throws Exception {
        if (router != null) {
            router.close();
        }
        if (rsyslog != null) {
            rsyslog.close();
        }
    }

    @Test
    void rsyslogReceivesExactlyTheLinesSentOverTcpAndTls() throws Exception {
        Drain tcp = Drain.create("syslog+tcp://127.0.0.1:" + rsyslog.tcpPort);
        Drain tls = Drain.create("syslog+tls://127.0.0.1:" + rsyslog.tlsPort);
        router.setDrains("myapp", List.of(tcp, tls));

        List<LogLine> sent = new ArrayList<>();
        Instant t = Instant.parse("2026-11-24T22:00:00.123456Z");
        for (int i = 0; i < 300; i++) {
            LogLine line = switch (i % 3) {
                case 0 -> new LogLine(t.plusMillis(i), "myapp", Source.APP, "web." + (i % 4 + 1), "line " + i + " ünïcödé € 😀 a|b");
                case 1 -> new LogLine(t.plusMillis(i), "myapp", Source.ROUTER, "router",
                        "at=info method=GET path=\"/" + i + "\" status=200 bytes=512");
                default -> new LogLine(t.plusMillis(i), "myapp", Source.PAAS, "api", "Scaled to web@" + i + ":standard-1x");
            };
            router.publish(line);
            sent.add(line);
        }
        String big = "x".repeat(15_000);
        router.publish(new LogLine(t, "myapp", Source.APP, "worker.1", big)); // arrives as 10,000 + 5,000
        sent.add(new LogLine(t, "myapp", Source.APP, "worker.1", big.substring(0, 10_000)));
        sent.add(new LogLine(t, "myapp", Source.APP, "worker.1", big.substring(10_000)));

        for (var drain : List.of(tcp, tls)) {
            Path log = drain == tcp ? rsyslog.tcpLog : rsyslog.tlsLog;
            await().atMost(Duration.ofSeconds(30)).until(() -> Rsyslog.lines(log).size() >= sent.size());
            List<String> received = Rsyslog.lines(log);
            assertThat(received).as("%s: rsyslog output: %s", drain.url(), rsyslog.output()).hasSize(sent.size());
            for (int i = 0; i < sent.size(); i++) {
                LogLine l = sent.get(i);
                String expected = String.join("|", "190", LogFormat.TIME.format(l.time()), drain.token(),
                        l.source().wireName(), l.dyno(), "-", "-", l.text());
                assertThat(received.get(i)).as("%s line %d", drain.url(), i).isEqualTo(expected);
            }
        }
        assertThat(router.drainStatus("myapp")).allSatisfy((DrainStatus s) -> {
            assertThat(s.connected()).isTrue();
            assertThat(s.delivered()).isEqualTo(sent.size());
            assertThat(s.dropped()).isZero();
        });
    }
}
