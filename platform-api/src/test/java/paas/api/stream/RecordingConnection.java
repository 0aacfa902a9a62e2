package paas.api.stream;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A stream connection from one address that records why it was revoked and closes when told. */
final class RecordingConnection implements StreamConnection {
    final List<String> revocations = new CopyOnWriteArrayList<>();
    private final List<Runnable> onClose = new CopyOnWriteArrayList<>();
    private final SocketAddress address;

    RecordingConnection(String ip) {
        this.address = new InetSocketAddress(ip, 40_000);
    }

    RecordingConnection() {
        this("127.0.0.1");
    }

    @Override
    public SocketAddress remoteAddress() {
        return address;
    }

    @Override
    public void revoke(String why) {
        revocations.add(why);
        close();
    }

    @Override
    public void whenClosed(Runnable action) {
        onClose.add(action);
    }

    void close() {
        onClose.forEach(Runnable::run);
        onClose.clear();
    }
}
