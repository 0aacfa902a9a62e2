package paas.router.proxy;

import io.netty.handler.codec.http.HttpResponseStatus;

/** A request head {@link RequestGuard} refused; the frontend answers it in turn and closes. */
record RefusedRequest(HttpResponseStatus status, String reason) {
}
