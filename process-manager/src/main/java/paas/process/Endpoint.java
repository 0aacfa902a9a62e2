package paas.process;

import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * A TCP address of a dyno, as an IP literal and a port (no name lookups anywhere downstream).
 */
public record Endpoint(String host, int port) {
    public Endpoint {
        Objects.requireNonNull(host, "host");
        if (host.isBlank() || !host.matches("[0-9a-fA-F:.]+")) {
            throw new IllegalArgumentException("endpoint host '" + host + "' is not an IP literal");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("endpoint port " + port + " is outside 1..65535");
        }
    }

    public InetSocketAddress address() {
        return new InetSocketAddress(host, port);
    }

    @Override
    public String toString() {
        return host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
    }
}
