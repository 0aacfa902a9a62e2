package paas.process.local;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.BitSet;

/**
 * Hands out TCP ports from a range for local dynos' {@code PORT}. A port is skipped when another
 * program already listens on it (checked by binding it once, on 127.0.0.1). Thread-safe.
 */
public final class PortPool {
    private final int first;
    private final int last;
    private final BitSet taken;
    private int next;

    public PortPool(int first, int last) {
        if (first < 1024 || last > 65535 || first > last) {
            throw new IllegalArgumentException("port range " + first + ".." + last + " must lie within 1024..65535");
        }
        this.first = first;
        this.last = last;
        this.taken = new BitSet(last - first + 1);
        this.next = first;
    }

    /** A free port; throws when every port of the range is in use. */
    public synchronized int take() {
        int size = last - first + 1;
        for (int i = 0; i < size; i++) {
            // Round robin, so a port just given back is not reused at once by a new dyno
            // while clients may still hold connections to the old one.
            int port = first + (next - first + i) % size;
            if (!taken.get(port - first) && bindable(port)) {
                taken.set(port - first);
                next = port == last ? first : port + 1;
                return port;
            }
        }
        throw new IllegalStateException("no free port in " + first + ".." + last
                + " for a local dyno; stop dynos or widen the local port range");
    }

    public synchronized void give(int port) {
        if (port >= first && port <= last) {
            taken.clear(port - first);
        }
    }

    private static boolean bindable(int port) {
        try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
