package paas.router.proxy;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpDecoderConfig;
import paas.router.Backend;
import paas.router.RouterConfig;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * Keep-alive connections to dynos, for one event loop. Connections are opened on that loop, so a
 * request and its dyno connection share a thread and never need a lock; this class is therefore
 * confined to its loop and not thread-safe. Most recently used first, so surplus connections age
 * out at the back.
 */
final class BackendPool {
    static final int MAX_CHUNK = 64 * 1024;

    private final Bootstrap bootstrap;
    private final long idleNanos;
    private final int maxIdle;
    private final HttpDecoderConfig responseDecoding;
    private final Map<Backend, ArrayDeque<BackendHandler>> idle = new HashMap<>();

    BackendPool(EventLoop loop, Transport transport, RouterConfig config) {
        this.idleNanos = config.backendIdleTimeout().toNanos();
        this.maxIdle = config.maxIdlePerBackend();
        this.responseDecoding = new HttpDecoderConfig()
                .setMaxInitialLineLength(config.maxRequestLineBytes())
                .setMaxHeaderSize(config.maxHeaderBytes())
                .setMaxChunkSize(MAX_CHUNK)
                .setAllowDuplicateContentLengths(false);
        this.bootstrap = new Bootstrap()
                .group(loop)
                .channel(transport.socketChannel())
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, config.connectTimeout().toMillis()))
                .option(ChannelOption.ALLOCATOR, Transport.ALLOCATOR)
                .option(ChannelOption.AUTO_READ, false)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.SO_KEEPALIVE, true);
    }

    /** An idle, open connection to {@code backend}, or null. */
    BackendHandler poll(Backend backend) {
        ArrayDeque<BackendHandler> queue = idle.get(backend);
        if (queue == null) {
            return null;
        }
        long now = System.nanoTime();
        BackendHandler found = null;
        while (found == null && !queue.isEmpty()) {
            BackendHandler h = queue.pollFirst();
            if (h.channel().isActive() && now - h.idleSince() < idleNanos) {
                found = h;
            } else {
                h.channel().close();
            }
        }
        if (queue.isEmpty()) {
            idle.remove(backend);
        }
        return found;
    }

    /** Opens a new connection; the future's channel carries a {@link BackendHandler}. */
    ChannelFuture connect(Backend backend) {
        return bootstrap.clone().handler(new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel ch) {
                BackendPool.this.initChannel(ch, backend);
            }
        }).connect(backend.address());
    }

    /** The pipeline of a dyno connection: HTTP client codec, then the relay. */
    void initChannel(Channel ch, Backend backend) {
        ch.pipeline()
                .addLast("codec", new HttpClientCodec(responseDecoding, false, false))
                .addLast("backend", new BackendHandler(backend, this));
    }

    /** Takes back a connection whose exchange ended cleanly; closes it when the pool is full. */
    void release(BackendHandler h) {
        h.detach();
        if (!h.channel().isActive()) {
            return;
        }
        ArrayDeque<BackendHandler> queue = idle.computeIfAbsent(h.backend(), b -> new ArrayDeque<>());
        if (queue.size() >= maxIdle) {
            h.channel().close();
            return;
        }
        h.markIdle(System.nanoTime());
        queue.addFirst(h);
        // A pending read is how an idle connection learns that the dyno closed it.
        h.channel().read();
    }

    /**
     * Closes every idle connection to {@code backend}: it was just found dead, and a connection to
     * it lent later would fail another request.
     */
    void dropIdle(Backend backend) {
        ArrayDeque<BackendHandler> queue = idle.remove(backend);
        if (queue != null) {
            for (BackendHandler h : queue) {
                h.channel().close();
            }
        }
    }

    /** Forgets a connection that closed while idle. */
    void remove(BackendHandler h) {
        ArrayDeque<BackendHandler> queue = idle.get(h.backend());
        if (queue != null && queue.remove(h) && queue.isEmpty()) {
            idle.remove(h.backend());
        }
    }

    /** Closes connections idle longer than the backend idle timeout. */
    void sweep() {
        long now = System.nanoTime();
        for (Iterator<ArrayDeque<BackendHandler>> it = idle.values().iterator(); it.hasNext(); ) {
            ArrayDeque<BackendHandler> queue = it.next();
            while (!queue.isEmpty() && now - queue.peekLast().idleSince() >= idleNanos) {
                queue.pollLast().channel().close();
            }
            if (queue.isEmpty()) {
                it.remove();
            }
        }
    }

    int idleCount() {
        return idle.values().stream().mapToInt(ArrayDeque::size).sum();
    }
}
