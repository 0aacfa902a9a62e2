package paas.router.proxy;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringServerSocketChannel;
import io.netty.channel.uring.IoUringSocketChannel;

/**
 * The socket implementation. Native io_uring where the kernel allows it, else native epoll (the
 * router ships both native libraries for linux-x86_64), else NIO. io_uring measured about a third
 * less CPU per proxied request than epoll, and epoll less than NIO (router/bench/README.md).
 *
 * <p>The system property {@code paas.router.transport} ({@code io_uring}, {@code epoll} or
 * {@code nio}) caps the choice, for a kernel whose io_uring misbehaves: {@code epoll} means epoll
 * or NIO, never io_uring. Any other value is refused at start, naming the ones allowed.
 */
record Transport(String name, IoHandlerFactory ioHandlerFactory, Class<? extends ServerChannel> serverChannel,
                        Class<? extends SocketChannel> socketChannel) {
    static final String PROPERTY = "paas.router.transport";

    /**
     * The buffers of every router connection, both sides: Netty's pooled allocator with its
     * per-thread caches. Netty 4.2's default (adaptive) allocator measured slower on the router's
     * small per-request buffers (router/bench/README.md).
     */
    static final ByteBufAllocator ALLOCATOR = PooledByteBufAllocator.DEFAULT;

    static Transport best() {
        return best(System.getProperty(PROPERTY, "io_uring"));
    }

    static Transport best(String cap) {
        return switch (cap) {
            case "io_uring" -> IoUring.isAvailable() ? ioUring() : Epoll.isAvailable() ? epoll() : nio();
            case "epoll" -> Epoll.isAvailable() ? epoll() : nio();
            case "nio" -> nio();
            default -> throw new IllegalArgumentException("-D" + PROPERTY + "=" + cap
                    + " is not a transport; use io_uring, epoll or nio (or leave it out for the best available)");
        };
    }

    static Transport nio() {
        return new Transport("nio", NioIoHandler.newFactory(), NioServerSocketChannel.class, NioSocketChannel.class);
    }

    private static Transport epoll() {
        return new Transport("epoll", EpollIoHandler.newFactory(), EpollServerSocketChannel.class, EpollSocketChannel.class);
    }

    private static Transport ioUring() {
        return new Transport("io_uring", IoUringIoHandler.newFactory(), IoUringServerSocketChannel.class,
                IoUringSocketChannel.class);
    }
}
