package paas.router.proxy;

import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;

import java.util.Set;

/**
 * A request head that passed {@link RequestGuard}, with the facts the proxy acts on.
 *
 * @param head            the decoded head (its body follows as HttpContent messages)
 * @param host            the lowercase hostname to route by, without port or trailing dot
 * @param authority       the Host value to forward (the request target's authority for absolute-form)
 * @param target          the request target to forward, always origin-form or {@code *}
 * @param body            how the body is framed
 * @param expectContinue  the client sent {@code Expect: 100-continue} and waits before sending the body
 * @param webSocket       a websocket upgrade: relayed both ways after the dyno's 101
 */
record ValidRequest(HttpRequest head, String host, String authority, String target, Body body,
                    boolean expectContinue, boolean webSocket) {

    enum Body { NONE, FIXED, CHUNKED }

    private static final Set<HttpMethod> IDEMPOTENT = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS,
            HttpMethod.TRACE, HttpMethod.PUT, HttpMethod.DELETE);

    boolean hasBody() {
        return body != Body.NONE;
    }

    /** Safe to send twice when the first attempt surely went unprocessed: idempotent and bodiless. */
    boolean replayable() {
        return !hasBody() && IDEMPOTENT.contains(head.method());
    }
}
