package paas.logs.testing;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A throwaway certificate (CN=localhost, IP 127.0.0.1, or a name of the test's), made by the JDK's own keytool. */
public final class SelfSignedCert {
    private static final char[] PASSWORD = "changeit".toCharArray();
    private final Path keyStore;

    private SelfSignedCert(Path keyStore) {
        this.keyStore = keyStore;
    }

    private static final List<String> EC = List.of("-keyalg", "EC", "-groupname", "secp256r1", "-sigalg", "SHA256withECDSA");

    /** An EC certificate: quick to make; fine for the JDK on both ends. */
    public static SelfSignedCert generate(Path dir) throws Exception {
        return generate(dir, EC, "ip:127.0.0.1,dns:localhost");
    }

    /** An EC certificate for {@code dnsName} only: it passes the host name check by that name alone. */
    public static SelfSignedCert generateFor(Path dir, String dnsName) throws Exception {
        return generate(dir, EC, "dns:" + dnsName);
    }

    /** An RSA certificate: GnuTLS (rsyslog) cannot read the JDK's PKCS#8 encoding of EC keys. */
    public static SelfSignedCert generateRsa(Path dir) throws Exception {
        return generate(dir, List.of("-keyalg", "RSA", "-keysize", "2048", "-sigalg", "SHA256withRSA"),
                "ip:127.0.0.1,dns:localhost");
    }

    private static SelfSignedCert generate(Path dir, List<String> algorithm, String subjectAltNames) throws Exception {
        Path store = dir.resolve("server.p12");
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        List<String> command = new ArrayList<>(List.of(keytool.toString(), "-genkeypair", "-alias", "server"));
        command.addAll(algorithm);
        command.addAll(List.of("-dname", "CN=localhost", "-ext", "SAN=" + subjectAltNames, "-validity", "2",
                "-keystore", store.toString(), "-storetype", "PKCS12",
                "-storepass", new String(PASSWORD), "-keypass", new String(PASSWORD), "-J-XX:TieredStopAtLevel=1"));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("keytool failed: " + output);
        }
        return new SelfSignedCert(store);
    }

    private KeyStore load() throws Exception {
        return KeyStore.getInstance(keyStore.toFile(), PASSWORD);
    }

    /** For test servers: presents this certificate. */
    public SSLContext serverContext() throws Exception {
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(load(), PASSWORD);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), null, null);
        return context;
    }

    /** Writes a PKCS#12 trust store holding only the certificate (as an operator would configure). */
    public Path writeTrustStore(Path file, char[] password) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("drain-receiver", load().getCertificate("server"));
        try (OutputStream out = Files.newOutputStream(file)) {
            trust.store(out, password);
        }
        return file;
    }

    /** Writes the certificate and its private key as PEM (for rsyslog's GnuTLS driver). */
    public void writePem(Path certPem, Path keyPem) throws Exception {
        KeyStore ks = load();
        Certificate cert = ks.getCertificate("server");
        Files.writeString(certPem, pem("CERTIFICATE", cert.getEncoded()));
        Files.writeString(keyPem, pem("PRIVATE KEY", ks.getKey("server", PASSWORD).getEncoded()));
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
