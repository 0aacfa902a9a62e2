package paas.router.testkit;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A client that writes exactly the bytes it is given, for requests no well-behaved client would send. */
public final class RawClient implements AutoCloseable {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    public RawClient(int port) throws IOException {
        this(new Socket("127.0.0.1", port));
    }

    /** Over a socket already connected (a TLS one, say). */
    public RawClient(Socket connected) throws IOException {
        socket = connected;
        socket.setSoTimeout(5000);
        socket.setTcpNoDelay(true);
        in = new BufferedInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    public RawClient send(String text) throws IOException {
        return send(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    public RawClient send(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
        return this;
    }

    public OutputStream output() {
        return out;
    }

    public InputStream input() {
        return in;
    }

    public Socket socket() {
        return socket;
    }

    /** {@code GET path} for {@code host}, HTTP/1.1, keep-alive. */
    public RawResponse get(String host, String path, String... extraHeaders) throws IOException {
        StringBuilder sb = new StringBuilder("GET ").append(path).append(" HTTP/1.1\r\nHost: ").append(host).append("\r\n");
        for (String h : extraHeaders) {
            sb.append(h).append("\r\n");
        }
        send(sb.append("\r\n").toString());
        return read();
    }

    /** Reads one response (1xx included), its body framed by Content-Length, chunked, or close. */
    public RawResponse read() throws IOException {
        return read(false);
    }

    public RawResponse read(boolean headRequest) throws IOException {
        String statusLine = line();
        if (statusLine == null) {
            throw new IOException("connection closed before a response");
        }
        String[] parts = statusLine.split(" ", 3);
        int status = Integer.parseInt(parts[1]);
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (String l = line(); l != null && !l.isEmpty(); l = line()) {
            int colon = l.indexOf(':');
            headers.computeIfAbsent(l.substring(0, colon).trim().toLowerCase(), k -> new ArrayList<>())
                    .add(l.substring(colon + 1).trim());
        }
        RawResponse head = new RawResponse(status, statusLine, headers, new byte[0]);
        if (headRequest || status / 100 == 1 || status == 204 || status == 304) {
            return head;
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        String te = head.header("transfer-encoding");
        String cl = head.header("content-length");
        if (te != null && te.equalsIgnoreCase("chunked")) {
            for (int size = Integer.parseInt(line().trim(), 16); size > 0; size = Integer.parseInt(line().trim(), 16)) {
                body.write(in.readNBytes(size));
                line();
            }
            for (String l = line(); l != null && !l.isEmpty(); l = line()) {
                // trailers are not needed by any test
            }
        } else if (cl != null) {
            body.write(in.readNBytes(Integer.parseInt(cl)));
        } else {
            body.write(in.readAllBytes());
        }
        return new RawResponse(status, statusLine, headers, body.toByteArray());
    }

    /** Reads a final response, skipping interim 1xx ones. */
    public RawResponse readFinal() throws IOException {
        RawResponse r;
        do {
            r = read();
        } while (r.status() / 100 == 1);
        return r;
    }

    /** True when the peer closes (or resets) the connection within the socket timeout without sending more. */
    public boolean closedByPeer() throws IOException {
        try {
            return in.read() == -1;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException reset) {
            return true;
        }
    }

    String line() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != -1) {
            if (c == '\n') {
                byte[] bytes = b.toByteArray();
                int n = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, n, StandardCharsets.ISO_8859_1);
            }
            b.write(c);
        }
        return b.size() == 0 ? null : b.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
