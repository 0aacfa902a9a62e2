package paas.process.docker;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Stands between a client and the engine's socket, so a test can make the engine "go away" (every
 * connection cut, nothing answers) and "come back" without touching the shared engine.
 */
final class UnixSocketProxy implements AutoCloseable {
    private final Path path;
    private final Path target;
    private final Set<SocketChannel> open = ConcurrentHashMap.newKeySet();
    private volatile ServerSocketChannel server;

    UnixSocketProxy(Path path, Path target) {
        this.path = path;
        this.target = target;
    }

    synchronized void up() throws IOException {
        Files.deleteIfExists(path);
        ServerSocketChannel s = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        s.bind(UnixDomainSocketAddress.of(path));
        server = s;
        Thread.ofVirtual().start(() -> {
            while (s.isOpen()) {
                try {
                    SocketChannel client = s.accept();
                    SocketChannel engine = SocketChannel.open(UnixDomainSocketAddress.of(target));
                    open.add(client);
                    open.add(engine);
                    pump(client, engine);
                    pump(engine, client);
                } catch (IOException e) {
                    return; // closed by down()
                }
            }
        });
    }

    synchronized void down() throws IOException {
        if (server != null) {
            server.close();
            server = null;
        }
        Files.deleteIfExists(path);
        for (SocketChannel c : open) {
            c.close();
        }
        open.clear();
    }

    private void pump(SocketChannel from, SocketChannel to) {
        Thread.ofVirtual().start(() -> {
            ByteBuffer buf = ByteBuffer.allocate(65536);
            try {
                while (from.read(buf) >= 0) {
                    buf.flip();
                    while (buf.hasRemaining()) {
                        to.write(buf);
                    }
                    buf.clear();
                }
                to.shutdownOutput();
            } catch (IOException e) {
                try {
                    from.close();
                    to.close();
                } catch (IOException ignored) {
                    // both ends are going anyway
                }
            }
        });
    }

    @Override
    public void close() throws IOException {
        down();
    }
}
