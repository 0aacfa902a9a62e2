package paas.api.stream;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/** A client connection speaking raw HTTP/1.1 and paas-run frames, as the CLI does. */
final class Wire implements AutoCloseable {
    record Head(int status, Map<String, String> headers) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    record Frame(int type, byte[] payload) {
        String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }

        int status() {
            return ((payload[0] & 0xff) << 24) | ((payload[1] & 0xff) << 16) | ((payload[2] & 0xff) << 8)
                    | (payload[3] & 0xff);
        }
    }

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;

    Wire(int port) throws IOException {
        this(port, 0);
    }

    /** {@code receiveBuffer} > 0 shrinks the socket's receive buffer (a slow reader's backlog stays small). */
    Wire(int port, int receiveBuffer) throws IOException {
        socket = new Socket();
        if (receiveBuffer > 0) {
            socket.setReceiveBufferSize(receiveBuffer);
        }
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        socket.setSoTimeout(15_000);
        in = new DataInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    static String get(String path, String token, String... headers) {
        StringBuilder request = new StringBuilder("GET ").append(path).append(" HTTP/1.1\r\nHost: paas.test\r\n");
        if (token != null) {
            request.append("Authorization: Bearer ").append(token).append("\r\n");
        }
        for (String header : headers) {
            request.append(header).append("\r\n");
        }
        return request.append("\r\n").toString();
    }

    static String upgrade(String path, String token) {
        return get(path, token, "Connection: Upgrade", "Upgrade: paas-run");
    }

    static byte[] frame(int type, byte[] payload) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.write(type);
        bytes.write(payload.length >>> 24);
        bytes.write(payload.length >>> 16);
        bytes.write(payload.length >>> 8);
        bytes.write(payload.length);
        bytes.writeBytes(payload);
        return bytes.toByteArray();
    }

    static byte[] stdin(String text) {
        return frame(Frames.STDIN, text.getBytes(StandardCharsets.UTF_8));
    }

    static byte[] stdinEof() {
        return frame(Frames.STDIN_EOF, new byte[0]);
    }

    /** Sends the request and {@code then} in one write, so they leave in one TCP packet. */
    void send(String request, byte[]... then) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.writeBytes(request.getBytes(StandardCharsets.ISO_8859_1));
        for (byte[] b : then) {
            bytes.writeBytes(b);
        }
        out.write(bytes.toByteArray());
        out.flush();
    }

    void send(byte[]... frames) throws IOException {
        send("", frames);
    }

    Head readHead() throws IOException {
        String statusLine = readLine();
        Map<String, String> headers = new HashMap<>();
        for (String line = readLine(); !line.isEmpty(); line = readLine()) {
            int colon = line.indexOf(':');
            headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
        }
        return new Head(Integer.parseInt(statusLine.split(" ")[1]), headers);
    }

    String readBody(Head head) throws IOException {
        byte[] body = new byte[Integer.parseInt(head.header("Content-Length"))];
        in.readFully(body);
        return new String(body, StandardCharsets.UTF_8);
    }

    /** The next chunk of a chunked body, or null after the last one. */
    String readChunk() throws IOException {
        int size = Integer.parseInt(readLine().split(";")[0].trim(), 16);
        if (size == 0) {
            readLine();
            return null;
        }
        byte[] chunk = new byte[size];
        in.readFully(chunk);
        readLine();
        return new String(chunk, StandardCharsets.UTF_8);
    }

    Frame readFrame() throws IOException {
        int type = in.readUnsignedByte();
        byte[] payload = new byte[in.readInt()];
        in.readFully(payload);
        return new Frame(type, payload);
    }

    /** True when the server closed the connection (end of stream or reset) before sending anything else. */
    boolean closedByServer() throws IOException {
        try {
            return in.read() < 0;
        } catch (SocketException e) {
            return true;
        }
    }

    private String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != '\n') {
            if (b < 0) {
                throw new EOFException("connection closed in the middle of a line: " + line);
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
