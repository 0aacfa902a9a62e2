package paas.api.stream;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.DefaultFileRegion;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.ReferenceCountUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import paas.api.addons.PgBackups;
import paas.api.auth.Authenticator;
import paas.api.domain.User;
import paas.api.http.HttpEdge;
import paas.api.http.Json;
import paas.nettyio.ClientAddress;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code GET /apps/{app}/backups/{backup}/download}: a backup's dump as
 * {@code application/octet-stream}. The caller is authenticated and the backup looked up on a
 * worker (JDBC); the dump itself goes as a {@link DefaultFileRegion}, which the event loop hands
 * to the kernel as the socket takes it (sendfile, zero-copy), so a dump of any size never sits in
 * memory, and no worker thread waits on a slow client or blocks its carrier in file reads. (The
 * API speaks plain HTTP behind the router; a TLS handler in this pipeline would need
 * {@code HttpChunkedInput} instead.) Sits after the HTTP codec and before the aggregator, one
 * instance per connection; every other request passes through. Errors answered as the API
 * answers them. The connection closes after the dump.
 */
public final class BackupDownloadHandler extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger("api");
    private static final Pattern PATH = Pattern.compile("/apps/([^/]+)/backups/([^/]+)/download/?");

    private final Authenticator authenticator;
    private final PgBackups backups;
    private final Executor workers;
    private final Json json;
    private boolean serving;

    /** @param workers runs each download's authentication and look-up (virtual threads); the dump is sent by the event loop */
    public BackupDownloadHandler(Authenticator authenticator, PgBackups backups, Executor workers, Json json) {
        this.authenticator = authenticator;
        this.backups = backups;
        this.workers = workers;
        this.json = json;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (serving) {
            ReferenceCountUtil.release(msg); // the request's (empty) content, or a client not waiting for the close
            return;
        }
        if (msg instanceof HttpRequest request && !request.decoderResult().isFailure()
                && HttpMethod.GET.equals(request.method())) {
            Matcher m = PATH.matcher(new QueryStringDecoder(request.uri()).rawPath());
            if (m.matches()) {
                serving = true;
                ctx.channel().attr(StreamHandler.BUSY).set(true);
                String requestId = HttpEdge.requestId(request.headers().get("X-Request-Id"));
                String authorization = request.headers().get(HttpHeaderNames.AUTHORIZATION);
                String app = segment(m.group(1));
                String backup = segment(m.group(2));
                ReferenceCountUtil.release(msg);
                try {
                    workers.execute(() -> serve(ctx, requestId, authorization, app, backup));
                } catch (RejectedExecutionException e) {
                    ctx.close(); // shutting down
                }
                return;
            }
        }
        ctx.fireChannelRead(msg);
    }

    /** A path segment decoded as the API's routes decode theirs (a '+' stays a '+'). */
    private static String segment(String raw) {
        return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    /** Worker thread: the whole response. */
    private void serve(ChannelHandlerContext ctx, String requestId, String authorization, String app, String backup) {
        long started = System.nanoTime();
        PgBackups.Download download;
        User caller;
        try {
            caller = authenticator.authenticate(authorization, ClientAddress.of(ctx.channel()));
            download = backups.download(caller, app, Optional.of(backup));
        } catch (RuntimeException e) {
            var response = HttpEdge.error(e, requestId, json);
            logRequest(requestId, app, backup, response.status().code(), "-", started);
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        FileChannel file;
        try {
            // Opened here, so a dump gone meanwhile is a clean error before any byte is sent.
            file = FileChannel.open(download.file(), StandardOpenOption.READ);
        } catch (IOException e) {
            log.warn("request_id={} backup dump {} cannot be opened: {}", requestId, download.file(), e.toString());
            var response = HttpEdge.error(new paas.api.domain.PlatformException.Unavailable("the dump of backup "
                    + download.backup().name() + " cannot be read now; try again, or capture a new backup"), requestId, json);
            logRequest(requestId, app, backup, response.status().code(), caller.email(), started);
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        logRequest(requestId, app, backup, 200, caller.email(), started);
        HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        head.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_OCTET_STREAM)
                .set(HttpHeaderNames.CONTENT_LENGTH, download.size())
                .set(HttpHeaderNames.CONTENT_DISPOSITION, "attachment; filename=\"" + download.backup().name()
                        + ".dump\"")
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE)
                .set("Request-Id", requestId);
        ctx.write(head);
        // The region owns the file from here: released (closed) by the transport once sent or failed.
        ctx.write(new DefaultFileRegion(file, 0, download.size())).addListener(sent -> {
            if (!sent.isSuccess()) {
                log.debug("request_id={} backup download ended: {}", requestId, sent.cause().toString());
                ctx.close();
            }
        });
        ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT).addListener(ChannelFutureListener.CLOSE);
    }

    private static void logRequest(String requestId, String app, String backup, int status, String user, long started) {
        log.info("method=GET path=/apps/{}/backups/{}/download status={} request_id={} user={} duration_ms={}",
                paas.vocabulary.Quote.logValue(app), paas.vocabulary.Quote.logValue(backup), status, requestId, user,
                (System.nanoTime() - started) / 1_000_000);
    }
}
