package paas.process.docker;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;

/**
 * One attached session with a container's (or an exec's) standard streams, over the engine's
 * hijacked HTTP connection ({@code POST /containers/ID/attach} or {@code POST /exec/ID/start}
 * upgraded to a raw stream).
 *
 * <p>Written here rather than taken from docker-java because a one-off dyno must see the end of
 * its standard input ({@code paas run 'psql' < dump.sql}, {@code echo x | paas run cat}): that
 * takes half-closing the connection, which docker-java's attach never does, so such commands
 * would wait for more input forever.
 *
 * <p>Threading: one thread may write standard input (then {@link #closeStdin()}) while another
 * reads the output with {@link #copyOutput}; {@link #close()} from any thread ends both.
 */
final class AttachConnection implements AutoCloseable {
    private static final int MAX_HEAD = 16 * 1024;

    private final SocketChannel channel;
    private final boolean tty;

    private AttachConnection(SocketChannel channel, boolean tty) {
        this.channel = channel;
        this.tty = tty;
    }

    /**
     * Attaches to a created (not yet started) container's stdin, stdout and stderr.
     *
     * @param tty whether the container has a terminal: its output is then one raw stream, else
     *            the engine's multiplexed frames
     */
    static AttachConnection open(URI engine, String containerId, boolean tty) throws IOException {
        return upgrade(engine, "/containers/" + containerId + "/attach?stream=1&stdin=1&stdout=1&stderr=1", "",
                tty, "attach to container " + containerId);
    }

    /**
     * Starts a created exec ({@code docker exec}) and joins its streams: the output as the engine's
     * multiplexed frames, or one raw stream with a terminal ({@code tty}, as the exec was created);
     * the input (when the exec was created with one) ending on {@link #closeStdin()}.
     */
    static AttachConnection startExec(URI engine, String execId, boolean tty) throws IOException {
        return upgrade(engine, "/exec/" + execId + "/start", "{\"Detach\":false,\"Tty\":" + tty + "}", tty,
                "start exec " + execId);
    }

    private static AttachConnection upgrade(URI engine, String path, String body, boolean tty, String what)
            throws IOException {
        SocketChannel channel = connect(engine);
        try {
            String host = "unix".equals(engine.getScheme()) ? "docker" : engine.getHost() + ":" + engine.getPort();
            byte[] content = body.getBytes(StandardCharsets.UTF_8);
            String request = "POST " + path + " HTTP/1.1\r\n"
                    + "Host: " + host + "\r\n"
                    + (content.length == 0 ? "Content-Type: text/plain\r\n"
                    : "Content-Type: application/json\r\nContent-Length: " + content.length + "\r\n")
                    + "Connection: Upgrade\r\n"
                    + "Upgrade: tcp\r\n\r\n";
            writeFully(channel, ByteBuffer.wrap(request.getBytes(StandardCharsets.US_ASCII)));
            writeFully(channel, ByteBuffer.wrap(content));
            String head = readHead(channel);
            String status = head.lines().findFirst().orElse("");
            if (!status.startsWith("HTTP/1.1 101") && !status.startsWith("HTTP/1.1 200") && !status.startsWith("HTTP/1.0 200")) {
                throw new Refused("the engine refused to " + what + ": " + status);
            }
            return new AttachConnection(channel, tty);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** The engine answered, with no to the upgrade (a container or exec gone, or not running). */
    static final class Refused extends IOException {
        Refused(String message) {
            super(message);
        }
    }

    private static SocketChannel connect(URI engine) throws IOException {
        return switch (engine.getScheme()) {
            case "unix" -> {
                SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
                ch.connect(UnixDomainSocketAddress.of(engine.getPath()));
                yield ch;
            }
            case "tcp", "http" -> SocketChannel.open(new InetSocketAddress(engine.getHost(), engine.getPort()));
            default -> throw new IOException("cannot attach over engine address " + engine + ": use unix:// or tcp://");
        };
    }

    /** Reads the response head byte by byte: nothing of the stream after it may be consumed. */
    private static String readHead(SocketChannel channel) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        ByteBuffer one = ByteBuffer.allocate(1);
        while (head.size() < MAX_HEAD) {
            one.clear();
            if (channel.read(one) < 0) {
                throw new EOFException("the engine closed the attach connection before answering");
            }
            head.write(one.get(0));
            int n = head.size();
            byte[] b = head.toByteArray();
            if (n >= 4 && b[n - 4] == '\r' && b[n - 3] == '\n' && b[n - 2] == '\r' && b[n - 1] == '\n') {
                return head.toString(StandardCharsets.ISO_8859_1);
            }
        }
        throw new IOException("the engine's attach answer has a head over " + MAX_HEAD + " bytes");
    }

    /**
     * Copies {@code in} to the container's standard input until {@code in} ends, then closes that
     * input. With a terminal the input is left open: a terminal has no end of input (Ctrl-D is a
     * byte for the shell), and the engine would end the whole session, output too, on a half-close.
     */
    void copyStdin(InputStream in) throws IOException {
        byte[] buf = new byte[8192];
        for (int n; (n = in.read(buf)) >= 0; ) {
            writeFully(channel, ByteBuffer.wrap(buf, 0, n));
        }
        if (!tty) {
            closeStdin();
        }
    }

    /** The container's standard input ends (the command reading it sees end-of-file). */
    void closeStdin() throws IOException {
        if (channel.isOpen()) {
            channel.shutdownOutput();
        }
    }

    /** Copies the container's output to {@code stdout} and {@code stderr} until it ends. */
    void copyOutput(OutputStream stdout, OutputStream stderr) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(32 * 1024);
        if (tty) {
            while (channel.read(buf.clear()) >= 0) {
                write(stdout, buf.flip());
            }
            return;
        }
        ByteBuffer header = ByteBuffer.allocate(8);
        while (true) {
            header.clear();
            if (!readFully(header)) {
                return;
            }
            int stream = header.get(0);
            long size = Integer.toUnsignedLong(header.getInt(4));
            OutputStream to = stream == 2 ? stderr : stdout;
            while (size > 0) {
                buf.clear().limit((int) Math.min(buf.capacity(), size));
                if (channel.read(buf) < 0) {
                    return;
                }
                size -= buf.position();
                write(to, buf.flip());
            }
        }
    }

    private boolean readFully(ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            if (channel.read(b) < 0) {
                if (b.position() == 0) {
                    return false;
                }
                throw new EOFException("the attach stream ended inside a frame header");
            }
        }
        return true;
    }

    private static void write(OutputStream to, ByteBuffer b) throws IOException {
        synchronized (to) {
            to.write(b.array(), b.arrayOffset() + b.position(), b.remaining());
            to.flush();
        }
    }

    private static void writeFully(SocketChannel channel, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            channel.write(b);
        }
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing left to release
        }
    }
}
