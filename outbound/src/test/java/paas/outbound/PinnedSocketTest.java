package paas.outbound;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Real sockets on the loopback interface; names come from a resolver the test controls. */
class PinnedSocketTest {
    private ServerSocket server;

    @BeforeEach
    void listen() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        server.setSoTimeout(300);
    }

    @AfterEach
    void stop() throws IOException {
        server.close();
    }

    private static OutboundPolicy policy(boolean allowLocal, String name, String address) {
        return new OutboundPolicy(allowLocal, Set.of(), () -> new HostAddresses(Set.of(), Set.of()), host -> {
            if (!host.equals(name)) {
                throw new UnknownHostException(host);
            }
            return List.of(InetAddress.getByName(address));
        });
    }

    @Test
    void connectsToTheAddressThePolicyResolvedForTheName() throws Exception {
        OutboundPolicy policy = policy(true, "pinned.test", "127.0.0.1");
        try (Socket s = new PinnedSocket(policy, "drain")) {
            s.connect(InetSocketAddress.createUnresolved("pinned.test", server.getLocalPort()), 2000);
            try (Socket accepted = server.accept()) {
                assertThat(accepted.getInetAddress()).isEqualTo(InetAddress.getByName("127.0.0.1"));
            }
        }
    }

    @Test
    void anAddressResolvedEarlierIsIgnoredSoARebindCannotSlipThrough() throws Exception {
        // The endpoint carries a public address from an earlier answer; the name now resolves to
        // loopback. The socket asks again, is refused, and connects nowhere.
        OutboundPolicy policy = policy(false, "rebind.test", "127.0.0.1");
        InetAddress earlier = InetAddress.getByAddress("rebind.test", new byte[]{93, (byte) 184, (byte) 215, 14});
        try (Socket s = new PinnedSocket(policy, "drain")) {
            assertThatThrownBy(() -> s.connect(new InetSocketAddress(earlier, server.getLocalPort())))
                    .isInstanceOf(RefusedTargetException.class)
                    .hasMessage("drain host 'rebind.test' resolves to a loopback address (127.0.0.1); drains must reach a public address");
        }
        assertThatThrownBy(server::accept).as("nothing connected").isInstanceOf(SocketTimeoutException.class);
    }

    @Test
    void aRefusalReadsTheSameWhetherThePortIsOpenOrClosed() throws Exception {
        int open = server.getLocalPort();
        int closed;
        try (ServerSocket gone = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = gone.getLocalPort();
        }
        OutboundPolicy policy = OutboundPolicy.strict();
        String toOpen = refusal(policy, open);
        String toClosed = refusal(policy, closed);
        assertThat(toOpen).isEqualTo(toClosed).contains("loopback");
        assertThatThrownBy(server::accept).as("nothing connected").isInstanceOf(SocketTimeoutException.class);
    }

    private static String refusal(OutboundPolicy policy, int port) {
        try (Socket s = new PinnedSocket(policy, "drain")) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 2000);
            throw new AssertionError("connected to 127.0.0.1:" + port);
        } catch (IOException e) {
            return e.getClass().getName() + ": " + e.getMessage();
        }
    }

    @Test
    void tlsIsLayeredOnlyOverPinnedSocketsAndCloseAllClosesWhatWasMade() throws Exception {
        SSLSocketFactory tls = SSLContext.getDefault().getSocketFactory();
        PinnedSslSocketFactory factory = new PinnedSslSocketFactory(tls, policy(true, "pinned.test", "127.0.0.1"), "drain");
        try (Socket plain = new Socket()) {
            assertThatThrownBy(() -> factory.createSocket(plain, "pinned.test", 443, true))
                    .isInstanceOf(IOException.class).hasMessageContaining("checked socket only");
        }
        Socket made = factory.createSocket();
        made.connect(new InetSocketAddress("pinned.test", server.getLocalPort()));
        try (Socket accepted = server.accept()) {
            factory.closeAll();
            assertThat(made.isClosed()).isTrue();
            assertThat(accepted.getInputStream().read()).as("the peer sees the end").isEqualTo(-1);
        }
        assertThatThrownBy(factory::createSocket).isInstanceOf(IOException.class).hasMessageContaining("closed");
    }

    @Test
    void theFactoryRefusesForbiddenHostsBeforeConnecting() {
        PinnedSslSocketFactory factory = new PinnedSslSocketFactory(
                (SSLSocketFactory) SSLSocketFactory.getDefault(), OutboundPolicy.strict(), "buildpack URL");
        assertThatThrownBy(() -> factory.createSocket("169.254.169.254", 443))
                .isInstanceOf(RefusedTargetException.class).hasMessageContaining("link-local");
        assertThatThrownBy(() -> factory.createSocket(InetAddress.getLoopbackAddress(), server.getLocalPort()))
                .isInstanceOf(RefusedTargetException.class).hasMessageContaining("loopback");
        assertThatThrownBy(server::accept).as("nothing connected").isInstanceOf(SocketTimeoutException.class);
    }
}
