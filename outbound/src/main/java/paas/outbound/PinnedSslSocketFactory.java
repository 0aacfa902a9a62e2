package paas.outbound;

import javax.net.ssl.SSLSocketFactory;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * TLS sockets that connect through {@link PinnedSocket}s, for clients that take an
 * {@link SSLSocketFactory}: {@code HttpsURLConnection} (HTTPS drains, JGit's HTTP transport).
 * Such a client asks for an unconnected socket, connects it to the URL's host name and port,
 * then layers TLS over it with the name: here the connect goes to the checked address, and
 * SNI, the certificate check and the {@code Host} header still use the name.
 *
 * <p>Layering over a socket this factory did not make is refused, so a path that connected
 * some other way (a proxy tunnel) cannot get TLS from here. {@link #closeAll} closes every
 * socket the factory made, which unblocks a request in progress on another thread.
 */
public final class PinnedSslSocketFactory extends SSLSocketFactory {
    private final SSLSocketFactory tls;
    private final OutboundPolicy policy;
    private final String what;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    /**
     * @param tls    trust and client keys, as the plain factory would use them
     * @param what   what the connections are for, for refusals: "drain", "buildpack URL"
     */
    public PinnedSslSocketFactory(SSLSocketFactory tls, OutboundPolicy policy, String what) {
        this.tls = tls;
        this.policy = policy;
        this.what = what;
    }

    /** Closes every socket made so far and refuses to make more. Any thread. */
    public void closeAll() {
        closed = true;
        for (Socket s : List.copyOf(open)) {
            closeQuietly(s);
        }
    }

    /** An unconnected socket whose {@code connect} checks and pins the address. */
    @Override
    public Socket createSocket() throws IOException {
        if (closed) {
            throw new IOException(what + " connection closed");
        }
        PinnedSocket socket = new PinnedSocket(policy, what, open::remove);
        open.add(socket);
        if (closed) {
            closeQuietly(socket); // closeAll ran meanwhile and may have missed it
            throw new IOException(what + " connection closed");
        }
        return socket;
    }

    @Override
    public Socket createSocket(Socket connected, String host, int port, boolean autoClose) throws IOException {
        if (!(connected instanceof PinnedSocket)) {
            throw new IOException(what + " connections are made through a checked socket only");
        }
        return tls.createSocket(connected, host, port, autoClose);
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return connected(host, port, null, 0);
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        return connected(host, port, localHost, localPort);
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return connected(host.getHostAddress(), port, null, 0);
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
        return connected(address.getHostAddress(), port, localAddress, localPort);
    }

    @Override
    public String[] getDefaultCipherSuites() {
        return tls.getDefaultCipherSuites();
    }

    @Override
    public String[] getSupportedCipherSuites() {
        return tls.getSupportedCipherSuites();
    }

    private Socket connected(String host, int port, InetAddress localAddress, int localPort) throws IOException {
        Socket socket = createSocket();
        try {
            if (localAddress != null) {
                socket.bind(new InetSocketAddress(localAddress, localPort));
            }
            socket.connect(InetSocketAddress.createUnresolved(host, port));
            return tls.createSocket(socket, host, port, true);
        } catch (IOException | RuntimeException e) {
            closeQuietly(socket);
            throw e;
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // closing to abandon it: nothing to do if that fails too
        }
    }
}
