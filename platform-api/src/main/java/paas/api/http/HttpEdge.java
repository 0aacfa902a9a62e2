package paas.api.http;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpVersion;

import java.util.UUID;
import java.util.regex.Pattern;

/**
 * What handlers outside this package (the streaming endpoints) need to answer exactly as the API
 * does: the request id rule and error responses rendered by the one {@link ErrorMapper}.
 */
public final class HttpEdge {
    /** The same rule as {@link ApiHandler}: an incoming id is kept only when it looks like one. */
    private static final Pattern REQUEST_ID = Pattern.compile("[A-Za-z0-9+/=_.:-]{20,200}");

    private HttpEdge() {
    }

    /** {@code incoming} (an {@code X-Request-Id} header, may be null) when valid, else a new id. */
    public static String requestId(String incoming) {
        return incoming != null && REQUEST_ID.matcher(incoming).matches() ? incoming : UUID.randomUUID().toString();
    }

    /**
     * The complete error response for {@code error}: status and {@code {id, message}} body from
     * {@link ErrorMapper}, its headers ({@code WWW-Authenticate} on 401), {@code Request-Id}, and
     * {@code Connection: close} (the caller closes after writing it).
     */
    public static FullHttpResponse error(Throwable error, String requestId, Json json) {
        FullHttpResponse out = toHttp(ErrorMapper.toResponse(error, requestId), requestId, json);
        out.headers().set(HttpHeaderNames.CONNECTION, "close");
        return out;
    }

    /** {@code response} as HTTP: its status, its body as JSON, its headers and {@code Request-Id}. */
    static FullHttpResponse toHttp(ApiResponse response, String requestId, Json json) {
        byte[] body = json.write(response.body());
        FullHttpResponse out = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, response.status(),
                Unpooled.wrappedBuffer(body));
        out.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json; charset=utf-8")
                .setInt(HttpHeaderNames.CONTENT_LENGTH, body.length)
                .set("Request-Id", requestId);
        response.headers().forEach(out.headers()::set);
        return out;
    }
}
