package paas.logs.testing;

import javax.net.ssl.SSLContext;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A syslog receiver for tests, plain or TLS, that parses octet-counted frames strictly. It can
 * misbehave: stall (accept, then read nothing until {@link #resume}) or hang up after a number
 * of frames on every connection.
 */
public final class SyslogSink implements AutoCloseable {
    private final ServerSocket server;
    private final List<String> frames = new CopyOnWriteArrayList<>();
    private final List<String> errors = new CopyOnWriteArrayList<>();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final AtomicInteger connections = new AtomicInteger();
    private final CountDownLatch resumed = new CountDownLatch(1);
    private final int hangUpAfterFrames;
    private final Thread acceptor;

    private SyslogSink(ServerSocket server, boolean stalled, int hangUpAfterFrames) {
        this.server = server;
        this.hangUpAfterFrames = hangUpAfterFrames;
        if (!stalled) {
            resumed.countDown();
        }
        this.acceptor = Thread.ofVirtual().start(this::accept);
    }

    public static SyslogSink reading(int port, SSLContext tls) throws IOException {
        return new SyslogSink(bind(port, tls, 0), false, Integer.MAX_VALUE);
    }

    /** Accepts connections but reads nothing (with a small receive buffer) until {@link #resume}. */
    public static SyslogSink stalled() throws IOException {
        return new SyslogSink(bind(0, null, 4096), true, Integer.MAX_VALUE);
    }

    /** Reads this many frames from each connection, then closes it. */
    public static SyslogSink hangingUpAfter(int frames) throws IOException {
        return new SyslogSink(bind(0, null, 0), false, frames);
    }

    private static ServerSocket bind(int port, SSLContext tls, int receiveBuffer) throws IOException {
        ServerSocket s = tls == null ? new ServerSocket() : tls.getServerSocketFactory().createServerSocket();
        if (receiveBuffer > 0) {
            s.setReceiveBufferSize(receiveBuffer); // before bind, so accepted sockets inherit it
        }
        s.setReuseAddress(true);
        s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        return s;
    }

    public int port() {
        return server.getLocalPort();
    }

    public void resume() {
        resumed.countDown();
    }

    /** Frames received so far, in order of arrival. */
    public List<String> frames() {
        return new ArrayList<>(frames);
    }

    public int connections() {
        return connections.get();
    }

    /** Framing errors seen (should stay empty). */
    public List<String> errors() {
        return new ArrayList<>(errors);
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                sockets.add(s);
                connections.incrementAndGet();
                Thread.ofVirtual().start(() -> read(s));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void read(Socket s) {
        try (s; InputStream in = new BufferedInputStream(s.getInputStream())) {
            resumed.await();
            for (int n = 0; n < hangUpAfterFrames; n++) {
                String frame = OctetFrames.read(in);
                if (frame == null) {
                    return;
                }
                frames.add(frame);
            }
        } catch (IOException e) {
            if (!server.isClosed() && hangUpAfterFrames == Integer.MAX_VALUE) {
                errors.add(e.toString());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        resumed.countDown();
        for (Socket s : sockets) {
            s.close();
        }
        acceptor.interrupt();
    }
}
