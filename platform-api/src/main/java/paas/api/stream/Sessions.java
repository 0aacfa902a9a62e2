package paas.api.stream;

import paas.api.dynos.OneOffAttachment;

/**
 * What the streaming endpoints ({@code GET /log-sessions/SECRET}, {@code GET /run-sessions/SECRET})
 * need from the platform. The handler that serves them only moves bytes; who may open what is
 * decided here.
 *
 * <p>Both methods are called on a worker thread (never the event loop), once per request, and
 * consume the secret: a second request with it is refused. A stream opened here stays bound to the
 * token it was opened with: when that token is revoked, or its user disabled or destroyed,
 * {@link StreamConnection#revoke} ends it.
 */
public interface Sessions {
    /**
     * Opens the log session {@code secret} for the caller whose {@code Authorization} header is given.
     *
     * @throws paas.api.domain.PlatformException Unauthorized without a valid token, TooManyRequests while
     *                                           the client's address is backing off, NotFound for an unknown,
     *                                           used or expired secret, Forbidden for another user's
     */
    LogStream openLog(String authorization, String secret, StreamConnection connection);

    /**
     * Claims the attachable one-off dyno {@code secret} for the caller; the dyno starts only when
     * {@link OneOffAttachment#run} is called.
     *
     * @throws paas.api.domain.PlatformException as {@link #openLog}
     */
    OneOffAttachment openRun(String authorization, String secret, StreamConnection connection);

    /**
     * The output of a release's release phase, by the signed link of its {@code output_stream_url}
     * (no token: the link is the proof), as a stream that ends after its last line.
     *
     * @throws paas.api.domain.PlatformException NotFound for an invalid or expired link, or while the
     *                                           release phase has not finished
     */
    default LogStream openReleaseOutput(String link) {
        throw new paas.api.domain.PlatformException.NotFound("no release outputs are served here");
    }
}
