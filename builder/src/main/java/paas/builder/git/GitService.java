package paas.builder.git;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.transport.PacketLineOut;
import org.eclipse.jgit.transport.ReceivePack;
import org.eclipse.jgit.transport.RefAdvertiser;
import org.eclipse.jgit.transport.UploadPack;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import paas.builder.GitAccess;
import paas.builder.GitLimits;
import paas.builder.PushHandler;
import paas.nettyio.ChannelInput;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.zip.GZIPInputStream;

/** Serves one git smart-HTTP request on a worker thread: access check, then JGit. Thread-safe. */
public final class GitService {
    private static final Logger log = LoggerFactory.getLogger("git");

    private final GitRepositories repositories;
    private final GitAccess access;
    private final Path scratch;
    private final PushHandler pushes;
    private final GitLimits limits;
    private final ConcurrentMap<String, ReentrantLock> buildLocks = new ConcurrentHashMap<>();

    public GitService(GitRepositories repositories, GitAccess access, PushHandler pushes, GitLimits limits,
                      Path scratch) {
        this.repositories = repositories;
        this.scratch = scratch;
        this.access = access;
        this.pushes = pushes;
        this.limits = limits;
    }

    void serve(Channel channel, String method, String uri, HttpHeaders headers, ChannelInput body) {
        try {
            GitRequest request = GitRequest.parse(method, uri).orElse(null);
            if (request == null) {
                plain(channel, HttpResponseStatus.NOT_FOUND, "paas serves git's smart HTTP protocol only: clone or push"
                        + " with git 1.6.6 or newer, e.g. git push paas main\n");
                return;
            }
            GitAccess.Result allowed = access.check(request.app(), headers.get(HttpHeaderNames.AUTHORIZATION),
                    paas.nettyio.ClientAddress.of(channel), request.push());
            switch (allowed.decision()) {
                case THROTTLED -> {
                    FullHttpResponse r = response(HttpResponseStatus.TOO_MANY_REQUESTS, "too many requests with"
                            + " invalid tokens came from your address: wait " + allowed.retryAfterSeconds()
                            + " s and try again; until then every request from it is refused, even with a correct"
                            + " token\n");
                    r.headers().set(HttpHeaderNames.RETRY_AFTER, allowed.retryAfterSeconds());
                    channel.writeAndFlush(r);
                    return;
                }
                case UNAUTHENTICATED -> {
                    FullHttpResponse r = response(HttpResponseStatus.UNAUTHORIZED,
                            "a paas API token is needed: run `paas login` (it writes ~/.netrc for git)\n");
                    r.headers().set(HttpHeaderNames.WWW_AUTHENTICATE, "Basic realm=\"paas\"");
                    channel.writeAndFlush(r);
                    return;
                }
                case FORBIDDEN -> {
                    plain(channel, HttpResponseStatus.FORBIDDEN, "you do not have access to app " + request.app() + "\n");
                    return;
                }
                case NOT_FOUND -> {
                    plain(channel, HttpResponseStatus.NOT_FOUND, "app " + request.app()
                            + " not found: create it with `paas apps:create " + request.app() + "`\n");
                    return;
                }
                case ALLOWED -> {
                }
            }
            try (Repository repo = repositories.open(request.app())) {
                ResponseStream out = start(channel, request);
                if (request.kind() == GitRequest.Kind.ADVERTISE) {
                    advertise(repo, request, allowed.user(), out);
                } else {
                    InputStream in = "gzip".equalsIgnoreCase(headers.get(HttpHeaderNames.CONTENT_ENCODING))
                            ? new GZIPInputStream(body) : body;
                    rpc(repo, request, allowed.user(), in, out);
                }
                out.close();
            }
        } catch (IOException | RuntimeException e) {
            log.warn("git request {} {} failed: {}", method, uri, e.toString());
            channel.close();
        } finally {
            body.close();
        }
    }

    private void advertise(Repository repo, GitRequest request, String user, ResponseStream out) throws IOException {
        PacketLineOut pkt = new PacketLineOut(out);
        pkt.writeString("# service=" + request.service() + "\n");
        pkt.end();
        RefAdvertiser.PacketLineOutRefAdvertiser advertiser = new RefAdvertiser.PacketLineOutRefAdvertiser(pkt);
        if (request.push()) {
            receivePack(repo, request.app(), user, OutputStream.nullOutputStream()).sendAdvertisedRefs(advertiser);
        } else {
            uploadPack(repo).sendAdvertisedRefs(advertiser);
        }
    }

    private void rpc(Repository repo, GitRequest request, String user, InputStream in, ResponseStream out)
            throws IOException {
        if (request.push()) {
            receivePack(repo, request.app(), user, out).receive(in, out, null);
            log.info("push to {} by {} handled", request.app(), user);
        } else {
            uploadPack(repo).upload(in, out, null);
        }
    }

    private ReceivePack receivePack(Repository repo, String app, String user, OutputStream response) {
        ReceivePack rp = new ReceivePack(repo);
        rp.setBiDirectionalPipe(false);
        rp.setCheckReceivedObjects(true);
        rp.setAllowCreates(true);
        rp.setAllowDeletes(false);
        rp.setAllowNonFastForwards(true);
        rp.setMaxPackSizeLimit(limits.maxPackBytes());
        rp.setTimeout(600);
        rp.setPreReceiveHook(new DeployHook(app, user, repo, pushes, limits, scratch,
                buildLocks.computeIfAbsent(app, a -> new ReentrantLock(true)), response));
        return rp;
    }

    private static UploadPack uploadPack(Repository repo) {
        UploadPack up = new UploadPack(repo);
        up.setBiDirectionalPipe(false);
        up.setTimeout(600);
        return up;
    }

    private static ResponseStream start(Channel channel, GitRequest request) {
        String type = request.kind() == GitRequest.Kind.ADVERTISE
                ? "application/x-" + request.service() + "-advertisement"
                : "application/x-" + request.service() + "-result";
        HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        head.headers().set(HttpHeaderNames.CONTENT_TYPE, type)
                .set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED)
                .set(HttpHeaderNames.CACHE_CONTROL, "no-cache, max-age=0, must-revalidate")
                .set(HttpHeaderNames.EXPIRES, "Fri, 01 Jan 1980 00:00:00 GMT");
        channel.writeAndFlush(head);
        return new ResponseStream(channel);
    }

    private static void plain(Channel channel, HttpResponseStatus status, String text) {
        channel.writeAndFlush(response(status, text));
    }

    private static FullHttpResponse response(HttpResponseStatus status, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(bytes));
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8")
                .setInt(HttpHeaderNames.CONTENT_LENGTH, bytes.length);
        return r;
    }
}
