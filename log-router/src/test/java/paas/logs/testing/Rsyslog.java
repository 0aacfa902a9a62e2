package paas.logs.testing;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A private rsyslogd for one test: foreground, its own config, pid file and work directory,
 * listening on loopback only, one plain TCP and one TLS (GnuTLS) input, each written to its
 * own file with a template that shows every RFC 5424 field. No system service, no /dev/log.
 */
public final class Rsyslog implements AutoCloseable {
    /** pri|timestamp|hostname|app-name|procid|msgid|structured-data|msg */
    public static final String TEMPLATE =
            "%pri%|%timereported:::date-rfc3339%|%hostname%|%app-name%|%procid%|%msgid%|%structured-data%|%msg%\\n";

    private final Process process;
    private final Path dir;
    public final int tcpPort;
    public final int tlsPort;
    public final Path tcpLog;
    public final Path tlsLog;

    private Rsyslog(Process process, Path dir, int tcpPort, int tlsPort) {
        this.process = process;
        this.dir = dir;
        this.tcpPort = tcpPort;
        this.tlsPort = tlsPort;
        this.tcpLog = dir.resolve("tcp.log");
        this.tlsLog = dir.resolve("tls.log");
    }

    /** Finds rsyslogd, or fails saying how to get it (these tests must not skip silently). */
    public static Path binary() {
        String path = System.getenv().getOrDefault("PATH", "") + File.pathSeparator + "/usr/sbin" + File.pathSeparator + "/sbin";
        return Arrays.stream(path.split(File.pathSeparator))
                .filter(d -> !d.isEmpty())
                .map(d -> Path.of(d, "rsyslogd"))
                .filter(Files::isExecutable)
                .findFirst()
                .orElseThrow(() -> new AssertionError("rsyslogd is not installed, and the syslog drain tests need a real one: "
                        + "install rsyslog with 'apt-get install -y rsyslog rsyslog-gnutls' (bin/test installs it when run as root)"));
    }

    public static Rsyslog start(Path dir, SelfSignedCert cert) throws Exception {
        Path rsyslogd = binary();
        Path certPem = dir.resolve("cert.pem");
        Path keyPem = dir.resolve("key.pem");
        cert.writePem(certPem, keyPem);
        int tcp = Ports.free();
        int tls = Ports.free();
        String config = """
                global(workDirectory="%1$s" maxMessageSize="64k" parser.escapeControlCharactersOnReceive="off"
                       defaultNetstreamDriverCAFile="%2$s" defaultNetstreamDriverCertFile="%2$s"
                       defaultNetstreamDriverKeyFile="%3$s")
                module(load="imtcp")
                input(type="imtcp" address="127.0.0.1" port="%4$d" ruleset="tcp")
                input(type="imtcp" address="127.0.0.1" port="%5$d" ruleset="tls"
                      streamDriver.name="gtls" streamDriver.mode="1" streamDriver.authMode="anon")
                template(name="fields" type="string" string="%6$s")
                ruleset(name="tcp") { action(type="omfile" file="%1$s/tcp.log" template="fields") }
                ruleset(name="tls") { action(type="omfile" file="%1$s/tls.log" template="fields") }
                """.formatted(dir, certPem, keyPem, tcp, tls, TEMPLATE);
        Path conf = dir.resolve("rsyslog.conf");
        Files.writeString(conf, config);
        Process p = new ProcessBuilder(List.of(rsyslogd.toString(), "-n", "-f", conf.toString(), "-i", dir.resolve("rsyslogd.pid").toString()))
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("rsyslogd.out").toFile())
                .start();
        Rsyslog r = new Rsyslog(p, dir, tcp, tls);
        try {
            Ports.awaitListening(tcp, Duration.ofSeconds(20), p);
            Ports.awaitListening(tls, Duration.ofSeconds(20), p);
        } catch (Exception e) {
            r.close();
            throw new IllegalStateException(e.getMessage() + " (the TLS input needs the rsyslog-gnutls package); rsyslogd said: "
                    + r.output(), e);
        }
        return r;
    }

    /** The lines written so far to one of the outputs. */
    public static List<String> lines(Path log) throws Exception {
        return Files.exists(log) ? Files.readAllLines(log, StandardCharsets.UTF_8) : List.of();
    }

    public String output() throws Exception {
        Path out = dir.resolve("rsyslogd.out");
        return Files.exists(out) ? Files.readString(out) : "";
    }

    @Override
    public void close() throws IOException {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
