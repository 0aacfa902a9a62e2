package paas.logs.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;

/** Loopback ports for test servers. */
public final class Ports {
    private Ports() {
    }

    /** A port that was free a moment ago (nothing listens on it now). */
    public static int free() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** Waits until something accepts connections on the port. */
    public static void awaitListening(int port, Duration timeout, Process owner) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
                return;
            } catch (IOException notYet) {
                if (owner != null && !owner.isAlive()) {
                    throw new IllegalStateException("the server exited with " + owner.exitValue() + " before listening on " + port);
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("nothing listens on 127.0.0.1:" + port + " after " + timeout);
                }
                Thread.sleep(50);
            }
        }
    }
}
