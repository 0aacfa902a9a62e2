package paas.logs.drain.https;

import paas.logs.DrainUrl;
import paas.logs.drain.Batch;
import paas.logs.drain.Transport;
import paas.outbound.PinnedSslSocketFactory;

import javax.net.ssl.HttpsURLConnection;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.MalformedURLException;
import java.net.Proxy;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;

/**
 * {@code https} drains: one POST per batch. Any 2xx is delivery; anything else, or no byte from
 * the receiver within the timeout, fails the batch so that it is retried with the same
 * {@code Logplex-Frame-Id}. Credentials in the URL are sent as HTTP Basic auth and never appear
 * in errors.
 *
 * <p>{@code HttpsURLConnection} rather than {@code java.net.http.HttpClient}: only the former
 * takes a socket factory, and connections must go through the drain policy's pinned sockets
 * (the address checked when connecting is the one connected to; SNI, the certificate check and
 * {@code Host} use the name). It keeps one connection alive between batches, per transport.
 */
public final class HttpsTransport implements Transport {
    /** Response bodies are read to keep the connection reusable; past this, it is dropped instead. */
    private static final int MAX_RESPONSE_BYTES = 64 * 1024;

    private final DrainUrl target;
    private final String token;
    private final PinnedSslSocketFactory sockets;
    private final int connectTimeoutMillis;
    private final int timeoutMillis;
    private final URL url;
    private final String authorization; // null without credentials
    private volatile boolean closed;

    /**
     * @param sockets this transport's own factory (its keep-alive connection is keyed by it, and
     *                {@link #close} closes what it made)
     * @param timeout the longest wait for the receiver's next byte during a POST
     */
    public HttpsTransport(DrainUrl target, String token, PinnedSslSocketFactory sockets, Duration connectTimeout,
                          Duration timeout) {
        this.target = target;
        this.token = token;
        this.sockets = sockets;
        this.connectTimeoutMillis = Math.toIntExact(connectTimeout.toMillis());
        this.timeoutMillis = Math.toIntExact(timeout.toMillis());
        URI u = target.uri();
        // The URL without its credentials (they travel as a header), raw parts kept as written.
        String authority = u.getRawAuthority().substring(u.getRawAuthority().lastIndexOf('@') + 1);
        String path = u.getRawPath() == null || u.getRawPath().isEmpty() ? "/" : u.getRawPath();
        try {
            this.url = URI.create("https://" + authority + path + (u.getRawQuery() == null ? "" : "?" + u.getRawQuery())).toURL();
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException("drain URL " + target.redacted() + " is not a URL the JDK can open", e);
        }
        this.authorization = target.userInfo() == null ? null
                : "Basic " + Base64.getEncoder().encodeToString(target.userInfo().getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void send(Batch batch) throws IOException {
        if (closed) {
            throw new IOException("drain closed");
        }
        LogplexBatch post = LogplexBatch.of(batch, token);
        HttpsURLConnection c = (HttpsURLConnection) url.openConnection(Proxy.NO_PROXY);
        c.setSSLSocketFactory(sockets);
        c.setInstanceFollowRedirects(false);
        c.setUseCaches(false);
        c.setConnectTimeout(connectTimeoutMillis);
        c.setReadTimeout(timeoutMillis);
        c.setRequestMethod("POST");
        c.setDoOutput(true);
        c.setFixedLengthStreamingMode(post.body().length); // also: never re-sent by the JDK on its own
        c.setRequestProperty("User-Agent", "paas-log-router");
        for (Map.Entry<String, String> h : post.headers().entrySet()) {
            c.setRequestProperty(h.getKey(), h.getValue());
        }
        if (authorization != null) {
            c.setRequestProperty("Authorization", authorization);
        }
        try (OutputStream out = c.getOutputStream()) {
            out.write(post.body());
        }
        int status = c.getResponseCode();
        boolean delivered = status / 100 == 2;
        discard(c, delivered ? c.getInputStream() : c.getErrorStream());
        if (!delivered) {
            throw new IOException("drain " + target.redacted() + " answered HTTP " + status);
        }
    }

    @Override
    public void close() {
        closed = true;
        sockets.closeAll(); // unblocks a POST in progress on the worker's thread
    }

    /** Reads the response to its end, so the connection can carry the next batch; a long one is cut off. */
    private static void discard(HttpsURLConnection c, InputStream body) throws IOException {
        if (body == null) {
            return;
        }
        try (body) {
            byte[] buffer = new byte[8192];
            int total = 0;
            for (int n; (n = body.read(buffer)) >= 0; ) {
                total += n;
                if (total > MAX_RESPONSE_BYTES) {
                    c.disconnect();
                    return;
                }
            }
        }
    }
}
