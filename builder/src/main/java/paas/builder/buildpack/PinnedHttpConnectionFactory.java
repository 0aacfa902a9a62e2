package paas.builder.buildpack;

import org.eclipse.jgit.transport.http.HttpConnection;
import org.eclipse.jgit.transport.http.HttpConnectionFactory;
import paas.outbound.OutboundPolicy;
import paas.outbound.PinnedSslSocketFactory;

import javax.net.ssl.HostnameVerifier;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ProtocolException;
import java.net.Proxy;
import java.net.URL;
import java.security.KeyManagementException;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;

/**
 * JGit's HTTP connections for one buildpack fetch, through the outbound policy's pinned sockets:
 * every request JGit makes (the first, and each redirect it follows) resolves the host, checks
 * every address and connects to the one that passed, with TLS and {@code Host} still using the
 * name. Only {@code https} is opened (a plain connection cannot be pinned through the JDK);
 * proxies are not used, since a proxy's own DNS would escape the check.
 *
 * <p>A connection is the JDK's {@code HttpsURLConnection}, as JGit's own factory makes it, with
 * the pinned socket factory set; {@link #close} ends the idle connections the fetch left open.
 */
final class PinnedHttpConnectionFactory implements HttpConnectionFactory, AutoCloseable {
    private final OutboundPolicy policy;
    private final String what;
    private final PinnedSslSocketFactory sockets;

    /** @param tls trust for the servers: the JDK's default in production */
    PinnedHttpConnectionFactory(OutboundPolicy policy, String what, SSLSocketFactory tls) {
        this.policy = policy;
        this.what = what;
        this.sockets = new PinnedSslSocketFactory(tls, policy, what);
    }

    @Override
    public HttpConnection create(URL url) throws IOException {
        return create(url, Proxy.NO_PROXY);
    }

    @Override
    public HttpConnection create(URL url, Proxy ignored) throws IOException {
        if (!"https".equalsIgnoreCase(url.getProtocol())) {
            throw new IOException(what + " " + url + " is not https; " + what + "s are fetched over https only");
        }
        HttpsURLConnection connection = (HttpsURLConnection) url.openConnection(Proxy.NO_PROXY);
        connection.setSSLSocketFactory(sockets);
        return new Connection(connection);
    }

    @Override
    public void close() {
        sockets.closeAll();
    }

    /** JGit's view of one {@code HttpsURLConnection}; TLS settings it changes keep the pinning. */
    private final class Connection implements HttpConnection {
        private final HttpsURLConnection c;

        Connection(HttpsURLConnection c) {
            this.c = c;
        }

        @Override
        public void configure(KeyManager[] km, TrustManager[] tm, SecureRandom random)
                throws NoSuchAlgorithmException, KeyManagementException {
            // JGit's http.sslVerify=false path lands here: other trust, same pinned connect.
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(km, tm, random);
            c.setSSLSocketFactory(new PinnedSslSocketFactory(context.getSocketFactory(), policy, what));
        }

        @Override
        public void setHostnameVerifier(HostnameVerifier verifier) {
            c.setHostnameVerifier(verifier);
        }

        @Override
        public int getResponseCode() throws IOException {
            return c.getResponseCode();
        }

        @Override
        public URL getURL() {
            return c.getURL();
        }

        @Override
        public String getResponseMessage() throws IOException {
            return c.getResponseMessage();
        }

        @Override
        public Map<String, List<String>> getHeaderFields() {
            return c.getHeaderFields();
        }

        @Override
        public void setRequestProperty(String key, String value) {
            c.setRequestProperty(key, value);
        }

        @Override
        public void setRequestMethod(String method) throws ProtocolException {
            c.setRequestMethod(method);
        }

        @Override
        public void setUseCaches(boolean usecaches) {
            c.setUseCaches(usecaches);
        }

        @Override
        public void setConnectTimeout(int timeout) {
            c.setConnectTimeout(timeout);
        }

        @Override
        public void setReadTimeout(int timeout) {
            c.setReadTimeout(timeout);
        }

        @Override
        public String getContentType() {
            return c.getContentType();
        }

        @Override
        public InputStream getInputStream() throws IOException {
            return c.getInputStream();
        }

        @Override
        public String getHeaderField(String name) {
            return c.getHeaderField(name);
        }

        @Override
        public List<String> getHeaderFields(String name) {
            // Header names are case-insensitive; the JDK's map keeps them as the server sent them.
            return c.getHeaderFields().entrySet().stream()
                    .filter(e -> e.getKey() != null && e.getKey().equalsIgnoreCase(name))
                    .flatMap(e -> e.getValue().stream()).toList();
        }

        @Override
        public int getContentLength() {
            return c.getContentLength();
        }

        @Override
        public void setInstanceFollowRedirects(boolean followRedirects) {
            c.setInstanceFollowRedirects(followRedirects);
        }

        @Override
        public void setDoOutput(boolean dooutput) {
            c.setDoOutput(dooutput);
        }

        @Override
        public void setFixedLengthStreamingMode(int contentLength) {
            c.setFixedLengthStreamingMode(contentLength);
        }

        @Override
        public OutputStream getOutputStream() throws IOException {
            return c.getOutputStream();
        }

        @Override
        public void setChunkedStreamingMode(int chunklen) {
            c.setChunkedStreamingMode(chunklen);
        }

        @Override
        public String getRequestMethod() {
            return c.getRequestMethod();
        }

        @Override
        public boolean usingProxy() {
            return false;
        }

        @Override
        public void connect() throws IOException {
            c.connect();
        }
    }
}
