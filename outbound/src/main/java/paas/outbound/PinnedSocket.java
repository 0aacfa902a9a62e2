package paas.outbound;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.Socket;
import java.net.SocketAddress;
import java.util.function.Consumer;

/**
 * A TCP socket that connects only where the {@link OutboundPolicy} allows: {@code connect} takes
 * the host name of the endpoint (resolved or not), resolves and checks it through the policy,
 * and connects to the first address that passed. The address the JDK may have resolved into the
 * endpoint is never used, so no second DNS answer decides where the connection goes. TLS is
 * layered on top with the name (SNI, certificate check), as for any socket.
 *
 * <p>Direct only: no SOCKS or HTTP proxy from system properties, whose own DNS would escape the
 * check.
 */
public final class PinnedSocket extends Socket {
    private final OutboundPolicy policy;
    private final String what;
    private final Consumer<PinnedSocket> onClose;

    /** @param what what the connection is for, for refusals: "drain", "buildpack URL" */
    public PinnedSocket(OutboundPolicy policy, String what) {
        this(policy, what, s -> { });
    }

    PinnedSocket(OutboundPolicy policy, String what, Consumer<PinnedSocket> onClose) {
        super(Proxy.NO_PROXY);
        this.policy = policy;
        this.what = what;
        this.onClose = onClose;
    }

    /**
     * Connects to the checked address of {@code endpoint}'s host; use
     * {@link InetSocketAddress#createUnresolved} to skip the JDK's own lookup.
     *
     * @throws RefusedTargetException before any packet is sent, when the host is refused
     */
    @Override
    public void connect(SocketAddress endpoint, int timeout) throws IOException {
        if (!(endpoint instanceof InetSocketAddress target)) {
            throw new IllegalArgumentException("a pinned socket connects to a host and port, not " + endpoint);
        }
        InetAddress checked = policy.resolve(what, target.getHostString()).getFirst();
        super.connect(new InetSocketAddress(checked, target.getPort()), timeout);
    }

    @Override
    public void close() throws IOException {
        try {
            super.close();
        } finally {
            onClose.accept(this);
        }
    }
}
