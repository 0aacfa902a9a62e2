package paas.builder.buildpack;

import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.transport.http.HttpConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import paas.builder.BuildFailedException;
import paas.outbound.HostAddresses;
import paas.outbound.OutboundPolicy;
import paas.outbound.RefusedTargetException;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSocketFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Git buildpack URLs and the outbound policy, against real sockets on loopback. */
class GitBuildpackFetcherTest {
    private ServerSocket server;

    @BeforeEach
    void listen() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        server.setSoTimeout(300);
    }

    @AfterEach
    void stop() throws IOException {
        server.close();
    }

    /** A policy whose DNS knows one name. */
    private static OutboundPolicy policy(boolean allowLocal, String name, String address) {
        return new OutboundPolicy(allowLocal, Set.of(), HostAddresses::live, host -> {
            if (!host.equals(name)) {
                throw new UnknownHostException(host);
            }
            return List.of(InetAddress.getByName(address));
        });
    }

    @Test
    void anOpenAndAClosedLoopbackPortGiveTheSameRefusal() throws Exception {
        int open = server.getLocalPort();
        int closed;
        try (ServerSocket gone = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = gone.getLocalPort();
        }
        BuildpackCatalog catalog = new BuildpackCatalog(List.of()); // the production policy
        String toOpen = refusal(catalog, "https://127.0.0.1:" + open + "/x.git").replace(Integer.toString(open), "PORT");
        String toClosed = refusal(catalog, "https://127.0.0.1:" + closed + "/x.git").replace(Integer.toString(closed), "PORT");

        assertThat(toOpen).isEqualTo(toClosed).isEqualTo("buildpack https://127.0.0.1:PORT/x.git could not be fetched:"
                + " buildpack URL host '127.0.0.1' is a loopback address; buildpack URLs must reach a public address");
        assertThatThrownBy(server::accept).as("nothing connected").isInstanceOf(SocketTimeoutException.class);
    }

    private static String refusal(BuildpackCatalog catalog, String url) {
        try {
            catalog.resolve(List.of(url));
            throw new AssertionError(url + " was fetched");
        } catch (BuildFailedException e) {
            return e.getMessage();
        }
    }

    @Test
    void metadataPrivateAndLocalNamesAreRefusedBeforeJGitStarts() {
        BuildpackCatalog catalog = new BuildpackCatalog(List.of());
        assertThat(refusal(catalog, "https://169.254.169.254/latest/meta-data.git")).contains("is a link-local address");
        assertThat(refusal(catalog, "https://[::ffff:10.0.0.5]/x.git")).contains("is a private address");
        assertThat(refusal(catalog, "https://localhost/x.git#main")).contains("names a loopback address");
        assertThat(refusal(catalog, "https://172.17.0.1:5000/x.git")).contains("private");
        BuildpackCatalog rebound = new BuildpackCatalog(List.of(), policy(false, "bp.example.net", "127.0.0.1"));
        assertThat(refusal(rebound, "https://bp.example.net/x.git"))
                .contains("buildpack URL host 'bp.example.net' resolves to a loopback address (127.0.0.1)");
        assertThat(refusal(rebound, "https://nowhere.example.net/x.git")).contains("does not resolve");
    }

    @Test
    void jgitsConnectionsGoToTheCheckedAddressWithTheNameForTls() throws Exception {
        // The name exists only in the test's DNS; the listener sees the TLS ClientHello, whose
        // server name (SNI) is the URL's host, on the loopback address the policy gave.
        CompletableFuture<String> hello = CompletableFuture.supplyAsync(() -> {
            try (Socket s = server.accept(); InputStream in = s.getInputStream()) {
                s.setSoTimeout(5000);
                byte[] buffer = new byte[4096];
                int n = in.read(buffer);
                return new String(buffer, 0, Math.max(n, 0), StandardCharsets.ISO_8859_1);
            } catch (IOException e) {
                return "no connection: " + e;
            }
        });
        try (PinnedHttpConnectionFactory factory = new PinnedHttpConnectionFactory(
                policy(true, "buildpacks.test", "127.0.0.1"), GitBuildpackFetcher.WHAT, defaultTls())) {
            HttpConnection c = factory.create(URI.create("https://buildpacks.test:" + server.getLocalPort()
                    + "/bp.git/info/refs?service=git-upload-pack").toURL());
            c.setConnectTimeout(5000);
            c.setReadTimeout(5000);
            assertThatThrownBy(c::getResponseCode).isInstanceOf(IOException.class); // the listener speaks no TLS
        }
        assertThat(hello.get(10, TimeUnit.SECONDS)).contains("buildpacks.test");
    }

    @Test
    void aGitUrlIsClonedOverHttpsThroughThePinnedConnections(@TempDir Path tmp) throws Exception {
        Path source = Files.createDirectories(tmp.resolve("bp"));
        try (Git git = Git.init().setDirectory(source.toFile()).setInitialBranch("main").call()) {
            Files.createDirectories(source.resolve("bin"));
            Files.writeString(source.resolve("bin/detect"), "#!/bin/sh\necho Pinned\n");
            git.add().addFilepattern(".").call();
            git.commit().setMessage("v1").setAuthor("t", "t@example.com").setCommitter("t", "t@example.com").call();
            // The name exists only in the test's DNS and the certificate holds only the name: the
            // clone works only if JGit connected to the checked address and verified the name.
            try (TlsGitServer server = new TlsGitServer(tmp, "buildpacks.test", git.getRepository())) {
                String url = "https://buildpacks.test:" + server.port() + "/bp.git#main";
                GitBuildpackFetcher fetcher = new GitBuildpackFetcher(Duration.ofSeconds(30),
                        policy(true, "buildpacks.test", "127.0.0.1"), server.trust());

                String detect = fetcher.fetch(url, dir -> read(dir.resolve("bin/detect")));

                assertThat(detect).contains("Pinned");
                assertThat(server.hosts()).isNotEmpty().allMatch(h -> h.equals("buildpacks.test:" + server.port()));
                GitBuildpackFetcher strict = new GitBuildpackFetcher(Duration.ofSeconds(30),
                        policy(false, "buildpacks.test", "127.0.0.1"), server.trust());
                int requests = server.hosts().size();
                assertThatThrownBy(() -> strict.fetch(url, dir -> "fetched"))
                        .hasMessageContaining("resolves to a loopback address (127.0.0.1)");
                assertThat(server.hosts()).hasSize(requests);
            }
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void jgitsConnectionsCheckAgainSoANameThatChangedIsRefused() throws Exception {
        try (PinnedHttpConnectionFactory factory = new PinnedHttpConnectionFactory(
                policy(false, "rebind.example.net", "127.0.0.1"), GitBuildpackFetcher.WHAT, defaultTls())) {
            HttpConnection c = factory.create(URI.create("https://rebind.example.net:" + server.getLocalPort() + "/x.git").toURL());
            c.configure(null, null, null); // JGit's http.sslVerify=false path: the pinning stays
            assertThatThrownBy(c::getResponseCode).isInstanceOf(RefusedTargetException.class)
                    .hasMessageContaining("resolves to a loopback address (127.0.0.1)");
            assertThatThrownBy(() -> factory.create(URI.create("http://example.net/x.git").toURL()))
                    .hasMessageContaining("https only");
        }
        assertThatThrownBy(server::accept).as("nothing connected").isInstanceOf(SocketTimeoutException.class);
    }

    private static SSLSocketFactory defaultTls() {
        return (SSLSocketFactory) SSLSocketFactory.getDefault();
    }
}
