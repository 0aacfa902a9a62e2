package paas.router.testkit;

import paas.router.Backend;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A keep-alive dyno on raw sockets that answers {@code 200 NAME} and can be killed mid-run, the
 * way a SIGKILLed container is: open connections are reset, and from then on new connections are
 * either refused (its listening socket closed) or, as docker-proxy does in front of a container
 * that is gone, accepted and then reset once the request head came in.
 *
 * <p>Counts what a test about failures needs: request heads read, heads read that never got an
 * answer (swallowed by the death), and connections accepted after the death.
 */
public final class DyingBackend implements AutoCloseable {
    /** How new connections fare once the dyno is dead. */
    public enum Death { REFUSING, BEHIND_DOCKER_PROXY }

    private final String dyno;
    private final ServerSocket server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicInteger heads = new AtomicInteger();
    private final AtomicInteger answered = new AtomicInteger();
    private final AtomicInteger held = new AtomicInteger();
    private final AtomicInteger acceptedAfterDeath = new AtomicInteger();
    private final CountDownLatch death = new CountDownLatch(1);
    private volatile boolean holding;
    private volatile boolean dead;

    public DyingBackend(String dyno) throws IOException {
        this.dyno = dyno;
        server = new ServerSocket();
        server.bind(new InetSocketAddress("127.0.0.1", 0), 200);
        executor.submit(this::acceptLoop);
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            Socket s;
            try {
                s = server.accept();
            } catch (IOException e) {
                return;
            }
            if (dead) {
                acceptedAfterDeath.incrementAndGet();
                executor.submit(() -> forwardIntoNothing(s));
                continue;
            }
            open.add(s);
            executor.submit(() -> serve(s));
        }
    }

    private void serve(Socket s) {
        try (s) {
            InputStream in = new BufferedInputStream(s.getInputStream());
            OutputStream out = s.getOutputStream();
            byte[] answer = ("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: " + dyno.length()
                    + "\r\n\r\n" + dyno).getBytes(StandardCharsets.US_ASCII);
            for (String head = readHead(in); head != null; head = readHead(in)) {
                heads.incrementAndGet();
                if (dead) {
                    return;
                }
                if (ScriptedBackend.readBody(in, head) == null) {
                    return;
                }
                if (holding) {
                    held.incrementAndGet();
                    death.await();
                    return;
                }
                out.write(answer);
                out.flush();
                answered.incrementAndGet();
            }
        } catch (IOException | InterruptedException ignored) {
            // reset by the death, or by the router
        } finally {
            open.remove(s);
        }
    }

    /**
     * What docker-proxy does for a container that is gone: it has accepted, takes what the client
     * sends while it fails to reach the container, then drops the connection. (Closing at once
     * would race the router's own connect on loopback and look like a refused connect.)
     */
    private static void forwardIntoNothing(Socket s) {
        try {
            s.setSoTimeout(2000);
            readHead(new BufferedInputStream(s.getInputStream()));
        } catch (IOException ignored) {
            // the router gave up first
        } finally {
            close(s);
        }
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream(256);
        int state = 0;
        for (int c = in.read(); c != -1; c = in.read()) {
            b.write(c);
            state = (c == '\r' && (state == 0 || state == 2)) ? state + 1 : (c == '\n' && (state == 1 || state == 3)) ? state + 1 : 0;
            if (state == 4) {
                return b.toString(StandardCharsets.ISO_8859_1);
            }
        }
        return null;
    }

    /** From now on requests are read but not answered, so that some are in flight when it dies. */
    public void holdAnswers() {
        holding = true;
    }

    /** Kills the dyno: every open connection is reset; new ones are refused or closed at once. */
    public void die(Death how) throws IOException {
        dead = true;
        if (how == Death.REFUSING) {
            server.close();
        }
        for (Socket s : open) {
            close(s);
        }
        death.countDown();
    }

    private static void close(Socket s) {
        try {
            s.setSoLinger(true, 0); // a reset, as the kernel sends for a killed process's sockets
            s.close();
        } catch (IOException ignored) {
            // already gone
        }
    }

    public Backend backend() {
        return new Backend(dyno, "127.0.0.1", server.getLocalPort());
    }

    /** Requests read and held by {@link #holdAnswers} so far. */
    public int held() {
        return held.get();
    }

    /** Requests whose head this dyno read and never answered. */
    public int swallowed() {
        return heads.get() - answered.get();
    }

    public int answered() {
        return answered.get();
    }

    public int acceptedAfterDeath() {
        return acceptedAfterDeath.get();
    }

    @Override
    public void close() throws IOException {
        dead = true;
        death.countDown();
        server.close();
        for (Socket s : open) {
            close(s);
        }
        executor.shutdownNow();
    }
}
