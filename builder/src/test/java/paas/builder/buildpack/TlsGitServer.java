package paas.builder.buildpack;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.transport.PacketLineOut;
import org.eclipse.jgit.transport.RefAdvertiser;
import org.eclipse.jgit.transport.UploadPack;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;

/**
 * git's smart HTTP (fetch only) over TLS on loopback, for one repository at {@code /bp.git}, with
 * a throwaway certificate (made by the JDK's keytool) for one DNS name only.
 */
final class TlsGitServer implements AutoCloseable {
    private static final char[] PASSWORD = "changeit".toCharArray();
    private final HttpsServer server;
    private final KeyStore keys;
    private final List<String> hosts = new CopyOnWriteArrayList<>();

    TlsGitServer(Path dir, String dnsName, Repository repo) throws Exception {
        keys = selfSigned(dir, dnsName);
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, PASSWORD);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), null, null);
        server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(context));
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/bp.git/", exchange -> serve(exchange, repo));
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    /** The Host header of every request, in order. */
    List<String> hosts() {
        return List.copyOf(hosts);
    }

    /** A client socket factory that trusts this server's certificate only. */
    SSLSocketFactory trust() throws Exception {
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(keys);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        return context.getSocketFactory();
    }

    private void serve(HttpExchange exchange, Repository repo) throws IOException {
        hosts.add(exchange.getRequestHeaders().getFirst("Host"));
        String path = exchange.getRequestURI().getPath();
        UploadPack upload = new UploadPack(repo);
        upload.setBiDirectionalPipe(false);
        try (exchange) {
            if (path.endsWith("/info/refs")) {
                exchange.getResponseHeaders().set("Content-Type", "application/x-git-upload-pack-advertisement");
                exchange.sendResponseHeaders(200, 0);
                OutputStream out = exchange.getResponseBody();
                PacketLineOut pkt = new PacketLineOut(out);
                pkt.writeString("# service=git-upload-pack\n");
                pkt.end();
                upload.sendAdvertisedRefs(new RefAdvertiser.PacketLineOutRefAdvertiser(pkt));
                out.close();
            } else if (path.endsWith("/git-upload-pack")) {
                InputStream in = "gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))
                        ? new GZIPInputStream(exchange.getRequestBody()) : exchange.getRequestBody();
                exchange.getResponseHeaders().set("Content-Type", "application/x-git-upload-pack-result");
                exchange.sendResponseHeaders(200, 0);
                OutputStream out = exchange.getResponseBody();
                upload.upload(in, out, null);
                out.close();
            } else {
                exchange.sendResponseHeaders(404, -1);
            }
        }
    }

    private static KeyStore selfSigned(Path dir, String dnsName) throws Exception {
        Path store = dir.resolve("git-server.p12");
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Process p = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", "server", "-keyalg", "EC",
                "-groupname", "secp256r1", "-sigalg", "SHA256withECDSA", "-dname", "CN=" + dnsName,
                "-ext", "SAN=dns:" + dnsName, "-validity", "2", "-keystore", store.toString(), "-storetype", "PKCS12",
                "-storepass", new String(PASSWORD), "-keypass", new String(PASSWORD), "-J-XX:TieredStopAtLevel=1")
                .redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("keytool failed: " + output);
        }
        return KeyStore.getInstance(store.toFile(), PASSWORD);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
