package paas.process;

import paas.process.slug.TarBuilder;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

/** A tiny app slug for integration tests, and releases made of it. */
public final class TestSlugs {
    private TestSlugs() {
    }

    /** The web command: writes who it is into a file it then serves, binding $PORT. */
    public static final String WEB = "echo \"$DYNO $FROM_PROFILE $SECRET\" > whoami.txt; exec python3 -m http.server \"$PORT\"";

    public static Path write(Path file) throws IOException {
        return new TarBuilder().dir("./").file("./Procfile", "web: " + WEB + "\n")
                .dir("./.profile.d").file("./.profile.d/app.sh", "export FROM_PROFILE=profiled\n")
                .file("./index.html", "<h1>hello</h1>\n").write(file);
    }

    public static Release release(int version, Path slug, Map<String, String> config) throws IOException {
        return new Release(version, sha256(slug), slug, config);
    }

    static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[8192];
            int n;
            while ((n = in.read(buf)) > 0) {
                md.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** GET http://endpoint/path, the body, or null when nothing answers. */
    public static String get(Endpoint endpoint, String path) {
        try {
            var client = java.net.http.HttpClient.newBuilder().connectTimeout(java.time.Duration.ofSeconds(2)).build();
            var req = java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://" + endpoint + path))
                    .timeout(java.time.Duration.ofSeconds(5)).build();
            var resp = client.send(req, java.net.http.HttpResponse.BodyHandlers.ofString());
            return resp.statusCode() == 200 ? resp.body() : "status " + resp.statusCode();
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    public static boolean connects(Endpoint endpoint) {
        try (var s = new java.net.Socket()) {
            s.connect(endpoint.address(), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
