package paas.logs.drain.https;

import paas.logs.DrainPolicy;
import paas.logs.drain.Batch;
import paas.logs.DrainUrl;
import paas.logs.drain.Transport;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;

/**
 * {@code https} drains: one POST per batch through a shared {@link HttpClient} (which keeps
 * connections alive). Any 2xx is delivery; anything else, or no answer within the timeout,
 * fails the batch so that it is retried with the same {@code Logplex-Frame-Id}. Credentials in
 * the URL are sent as HTTP Basic auth and never appear in errors.
 */
public final class HttpsTransport implements Transport {
    private final DrainUrl target;
    private final String token;
    private final HttpClient client;
    private final DrainPolicy policy;
    private final Duration timeout;
    private final URI uri;
    private final String authorization; // null without credentials
    private volatile Thread sender;
    private volatile boolean closed;

    public HttpsTransport(DrainUrl target, String token, HttpClient client, DrainPolicy policy, Duration timeout) {
        this.target = target;
        this.token = token;
        this.client = client;
        this.policy = policy;
        this.timeout = timeout;
        URI u = target.uri();
        // The URL without its credentials (they travel as a header), raw parts kept as written.
        String authority = u.getRawAuthority().substring(u.getRawAuthority().lastIndexOf('@') + 1);
        String path = u.getRawPath() == null || u.getRawPath().isEmpty() ? "/" : u.getRawPath();
        this.uri = URI.create("https://" + authority + path + (u.getRawQuery() == null ? "" : "?" + u.getRawQuery()));
        this.authorization = target.userInfo() == null ? null
                : "Basic " + Base64.getEncoder().encodeToString(target.userInfo().getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void send(Batch batch) throws IOException, InterruptedException {
        if (closed) {
            throw new IOException("drain closed");
        }
        checkPolicy();
        LogplexBatch post = LogplexBatch.of(batch, token);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(timeout)
                .header("User-Agent", "paas-log-router")
                .POST(HttpRequest.BodyPublishers.ofByteArray(post.body()));
        for (Map.Entry<String, String> h : post.headers().entrySet()) {
            request.header(h.getKey(), h.getValue());
        }
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        sender = Thread.currentThread();
        try {
            HttpResponse<Void> response = client.send(request.build(), HttpResponse.BodyHandlers.discarding());
            if (response.statusCode() / 100 != 2) {
                throw new IOException("drain " + target.redacted() + " answered HTTP " + response.statusCode());
            }
        } finally {
            sender = null;
        }
    }

    @Override
    public void close() {
        closed = true;
        Thread t = sender;
        if (t != null) {
            t.interrupt(); // HttpClient.send gives up (and cancels the exchange) when interrupted
        }
    }

    private void checkPolicy() throws IOException {
        for (InetAddress a : InetAddress.getAllByName(target.host())) {
            if (!policy.permits(a)) {
                throw new IOException("drain host " + target.host() + " resolves to " + a.getHostAddress()
                        + ", which drains may not reach");
            }
        }
    }
}
