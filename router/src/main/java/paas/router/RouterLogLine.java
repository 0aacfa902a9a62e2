package paas.router;

import java.time.Instant;
import java.util.Objects;

/**
 * One router log line for one request (immutable), already in Heroku's format, e.g.
 * {@code at=info method=GET path="/" host=myapp.example request_id=... fwd="1.2.3.4" dyno=web.1
 * connect=1ms service=12ms status=200 bytes=512 protocol=http}, or with
 * {@code at=error code=H12 desc="Request timeout"} in front for errors.
 *
 * @param app    the app the request was for
 * @param time   when the request finished (or failed)
 * @param dyno   the dyno that served it, empty when none did
 * @param status the HTTP status sent to the client (499 when the client left first)
 * @param code   the Heroku error code such as {@code H12}, empty for a request without error
 * @param text   the whole line, without a trailing newline
 */
public record RouterLogLine(String app, Instant time, String dyno, int status, String code, String text) {
    public RouterLogLine {
        Objects.requireNonNull(app, "app");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(dyno, "dyno");
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(text, "text");
    }

    public boolean isError() {
        return !code.isEmpty();
    }
}
