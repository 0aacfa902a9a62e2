package paas.router.testkit;

import paas.router.Backend;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A dyno that misbehaves on purpose: each accepted connection runs a script over the raw socket.
 * Counts connections, and request heads read through {@link #readHead}.
 */
public final class ScriptedBackend implements AutoCloseable {
    @FunctionalInterface
    public interface Script {
        void run(Socket socket, InputStream in, OutputStream out, ScriptedBackend self) throws Exception;
    }

    private final String dyno;
    private final ServerSocket server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger requests = new AtomicInteger();

    public ScriptedBackend(String dyno, Script script) throws IOException {
        this.dyno = dyno;
        server = new ServerSocket();
        server.bind(new InetSocketAddress("127.0.0.1", 0));
        executor.submit(() -> {
            while (!server.isClosed()) {
                Socket s;
                try {
                    s = server.accept();
                } catch (IOException e) {
                    return;
                }
                connections.incrementAndGet();
                executor.submit(() -> {
                    try (s) {
                        script.run(s, new BufferedInputStream(s.getInputStream()), s.getOutputStream(), this);
                    } catch (Exception ignored) {
                        // the router may cut the connection; that is often the point
                    }
                });
            }
        });
    }

    /** Reads one request head (up to the empty line) and counts it; null at end of stream. */
    public String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int last4 = 0; // the last four bytes read, one per octet
        int c;
        while ((c = in.read()) != -1) {
            b.write(c);
            last4 = (last4 << 8) | c;
            if (last4 == 0x0d0a0d0a) {
                requests.incrementAndGet();
                return b.toString(StandardCharsets.ISO_8859_1);
            }
        }
        return null;
    }

    /**
     * Reads the body that {@code head} announces (Content-Length or chunked); null if the
     * connection ends or the framing breaks before the body is complete.
     */
    public static byte[] readBody(InputStream in, String head) throws IOException {
        String lower = head.toLowerCase(java.util.Locale.ROOT);
        java.util.regex.Matcher cl = java.util.regex.Pattern.compile("\r\ncontent-length: *(\\d+)").matcher(lower);
        if (lower.contains("\r\ntransfer-encoding: chunked")) {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            while (true) {
                String line = line(in);
                if (line == null) {
                    return null;
                }
                int semi = line.indexOf(';');
                int size;
                try {
                    size = Integer.parseInt((semi < 0 ? line : line.substring(0, semi)).trim(), 16);
                } catch (NumberFormatException e) {
                    return null;
                }
                if (size == 0) {
                    for (String t = line(in); t != null && !t.isEmpty(); t = line(in)) {
                        // trailers
                    }
                    return body.toByteArray();
                }
                byte[] data = in.readNBytes(size);
                if (data.length < size || !"".equals(line(in))) {
                    return null;
                }
                body.write(data);
            }
        }
        if (cl.find()) {
            byte[] data = in.readNBytes(Integer.parseInt(cl.group(1)));
            return data;
        }
        return new byte[0];
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (int c = in.read(); c != -1; c = in.read()) {
            if (c == '\n') {
                String s = b.toString(StandardCharsets.ISO_8859_1);
                return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
            }
            b.write(c);
        }
        return null;
    }

    public Backend backend() {
        return new Backend(dyno, "127.0.0.1", server.getLocalPort());
    }

    public int connections() {
        return connections.get();
    }

    public int requests() {
        return requests.get();
    }

    @Override
    public void close() throws IOException {
        server.close();
        executor.shutdownNow();
    }
}
