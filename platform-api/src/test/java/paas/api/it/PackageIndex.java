package paas.api.it;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.SimpleFileServer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * A team's own Python package index (PEP 503's simple layout, over plain http, as a devpi or an
 * internal mirror often is), serving wheels this test builds itself: no public index is
 * reachable here. Listens on the host's own address, which build containers reach.
 */
final class PackageIndex implements AutoCloseable {
    private final HttpServer server;
    private final Path root;
    private final String host;

    private PackageIndex(HttpServer server, Path root, String host) {
        this.server = server;
        this.root = root;
        this.host = host;
    }

    static PackageIndex start() throws Exception {
        String host = HostAddress.reachableFromContainers();
        Path root = Files.createTempDirectory("paas-it-pypi-");
        Files.createDirectories(root.resolve("simple"));
        Files.createDirectories(root.resolve("files"));
        HttpServer server = SimpleFileServer.createFileServer(new InetSocketAddress(host, HostAddress.freeServicePort()), root,
                SimpleFileServer.OutputLevel.NONE);
        server.start();
        return new PackageIndex(server, root, host);
    }

    /** The value for PIP_INDEX_URL. */
    String url() {
        return "http://" + host + ":" + server.getAddress().getPort() + "/simple";
    }

    String host() {
        return host;
    }

    /** Builds a pure-Python wheel of {@code modules} (file name to source) and lists it in the index. */
    void publish(String project, String version, Map<String, String> modules) throws Exception {
        String dist = project.replace('-', '_');
        String distInfo = dist + "-" + version + ".dist-info/";
        Map<String, byte[]> files = new LinkedHashMap<>();
        modules.forEach((name, source) -> files.put(name, source.getBytes(StandardCharsets.UTF_8)));
        files.put(distInfo + "METADATA", ("Metadata-Version: 2.1\nName: " + project + "\nVersion: " + version
                + "\nSummary: built by paas's integration tests\n").getBytes(StandardCharsets.UTF_8));
        files.put(distInfo + "WHEEL", "Wheel-Version: 1.0\nGenerator: paas-it\nRoot-Is-Purelib: true\nTag: py3-none-any\n"
                .getBytes(StandardCharsets.UTF_8));
        StringBuilder record = new StringBuilder();
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(f.getValue());
            record.append(f.getKey()).append(",sha256=").append(Base64.getUrlEncoder().withoutPadding().encodeToString(digest))
                    .append(',').append(f.getValue().length).append('\n');
        }
        record.append(distInfo).append("RECORD,,\n");
        files.put(distInfo + "RECORD", record.toString().getBytes(StandardCharsets.UTF_8));

        ByteArrayOutputStream zip = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(zip)) {
            for (Map.Entry<String, byte[]> f : files.entrySet()) {
                out.putNextEntry(new ZipEntry(f.getKey()));
                out.write(f.getValue());
                out.closeEntry();
            }
        }
        String wheel = dist + "-" + version + "-py3-none-any.whl";
        Files.write(root.resolve("files").resolve(wheel), zip.toByteArray());
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(zip.toByteArray()));
        Path page = Files.createDirectories(root.resolve("simple").resolve(project));
        Files.writeString(page.resolve("index.html"), "<!DOCTYPE html>\n<html><body>\n<a href=\"/files/" + wheel
                + "#sha256=" + sha + "\">" + wheel + "</a>\n</body></html>\n");
    }

    @Override
    public void close() throws IOException {
        server.stop(0);
        try (var paths = Files.walk(root)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
