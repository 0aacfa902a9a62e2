package paas.logs.drain.syslog;

import paas.logs.DrainPolicy;
import paas.logs.LogLine;
import paas.logs.drain.Batch;
import paas.logs.DrainUrl;
import paas.logs.drain.Transport;

import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;

/**
 * {@code syslog+tcp} and {@code syslog+tls}: one long-lived connection, frames written in
 * batches. TLS verifies the receiver's certificate and host name against the configured trust.
 * Each connection goes to an address of the host that the {@link DrainPolicy} passed just then.
 *
 * <p>A batch whose write fails is sent again in full after reconnecting, so a receiver may see
 * it twice. TCP syslog has no acknowledgement, though: lines whose write had already succeeded
 * into the kernel's buffer when the receiver went away are lost without a count (as with
 * Heroku's Logplex and any RFC 6587 sender). HTTPS drains do not have this gap.
 */
public final class SyslogTransport implements Transport {
    private final DrainUrl target;
    private final String token;
    private final SSLSocketFactory tls; // null for plain TCP
    private final DrainPolicy policy;
    private final int connectTimeoutMillis;
    private final ByteArrayOutputStream frames = new ByteArrayOutputStream(64 * 1024);

    private volatile Socket socket;
    private volatile boolean closed;
    private OutputStream out;

    public SyslogTransport(DrainUrl target, String token, SSLSocketFactory tls, DrainPolicy policy, Duration connectTimeout) {
        this.target = target;
        this.token = token;
        this.tls = tls;
        this.policy = policy;
        this.connectTimeoutMillis = Math.toIntExact(connectTimeout.toMillis());
    }

    @Override
    public void send(Batch batch) throws IOException {
        frames.reset();
        for (LogLine line : batch.lines()) {
            SyslogFormat.appendFrame(frames, line, token);
        }
        if (socket == null) {
            connect();
        }
        try {
            frames.writeTo(out);
            out.flush();
        } catch (IOException e) {
            disconnect();
            throw e;
        }
    }

    @Override
    public void close() {
        closed = true;
        // Only close the socket here: the worker thread owns the other fields and notices the
        // closed socket through the exception its write or connect then throws.
        closeQuietly(socket);
    }

    private void connect() throws IOException {
        if (closed) {
            throw new IOException("drain closed");
        }
        Socket s = policy.socket();
        socket = s; // published first, so close() from another thread can abort the connect
        try {
            // Resolved and checked by the socket, which connects to the address that passed: a
            // DNS answer that changed since the drain was added is judged again here.
            s.connect(InetSocketAddress.createUnresolved(target.host(), target.port()), connectTimeoutMillis);
            s.setKeepAlive(true);
            Socket open = s;
            if (tls != null) {
                SSLSocket ssl = (SSLSocket) tls.createSocket(s, target.host(), target.port(), true);
                SSLParameters params = ssl.getSSLParameters();
                params.setEndpointIdentificationAlgorithm("HTTPS"); // check the host name, not just the chain
                ssl.setSSLParameters(params);
                socket = ssl;
                ssl.setSoTimeout(connectTimeoutMillis);
                ssl.startHandshake();
                ssl.setSoTimeout(0);
                open = ssl;
            }
            out = open.getOutputStream();
            if (closed) {
                throw new IOException("drain closed");
            }
        } catch (IOException | RuntimeException e) {
            disconnect();
            throw e;
        }
    }

    private void disconnect() {
        Socket s = socket;
        socket = null;
        out = null;
        closeQuietly(s);
    }

    private static void closeQuietly(Socket s) {
        if (s != null) {
            try {
                s.close();
            } catch (IOException ignored) {
                // best effort: the socket is abandoned either way
            }
        }
    }
}
