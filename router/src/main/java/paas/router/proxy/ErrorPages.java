package paas.router.proxy;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;

import java.nio.charset.StandardCharsets;

/**
 * The small HTML pages the router answers with itself. They name the problem in the visitor's
 * terms and nothing else: no dyno address, no exception text (the app's log has the code).
 */
final class ErrorPages {
    private static final byte[] APPLICATION_ERROR = page("Application error",
            "An error occurred in the application and your page could not be served. If you are the"
                    + " application owner, check your logs for details.");
    private static final byte[] MAINTENANCE = page("Offline for maintenance",
            "This application is undergoing maintenance right now. Please check back later.");
    private static final byte[] NO_SUCH_APP = page("No such app",
            "There is no app configured at that hostname.");
    private static final byte[] BAD_REQUEST = page("Bad request", "The request could not be understood.");

    private ErrorPages() {
    }

    /** The page for a router error; 503 (or the error's own status) with {@code Connection: close} when asked. */
    static FullHttpResponse forError(RouterError error, boolean close) {
        return build(HttpResponseStatus.valueOf(error.status()), error == RouterError.H80 ? MAINTENANCE : APPLICATION_ERROR, close);
    }

    /** No app answers at the requested hostname. */
    static FullHttpResponse noSuchApp(boolean close) {
        return build(HttpResponseStatus.NOT_FOUND, NO_SUCH_APP, close);
    }

    /** A request the router refuses on its own (400, 405, 414, 417, 431, 505); always closes. */
    static FullHttpResponse refused(HttpResponseStatus status) {
        return build(status, status.code() == 400 ? BAD_REQUEST
                : page(status.reasonPhrase(), "The request could not be served: " + status.reasonPhrase() + "."), true);
    }

    private static FullHttpResponse build(HttpResponseStatus status, byte[] body, boolean close) {
        FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(body));
        res.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, "text/html; charset=utf-8")
                .set(HttpHeaderNames.CONTENT_LENGTH, body.length)
                .set(HttpHeaderNames.CACHE_CONTROL, "no-cache, no-store");
        if (close) {
            res.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
        return res;
    }

    private static byte[] page(String title, String text) {
        return ("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>" + title + "</title></head>\n"
                + "<body><h1>" + title + "</h1><p>" + text + "</p></body></html>\n").getBytes(StandardCharsets.UTF_8);
    }
}
