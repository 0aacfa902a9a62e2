package paas.router.proxy;

import paas.router.RouterLogLine;

import java.time.Instant;

/**
 * Formats the router's one line per request the way Heroku's router writes it. Values that come
 * from the client (path, forwarded-for) are quoted and escaped, so no request can forge a field.
 */
final class AccessLog {
    static final int MAX_QUOTED = 2048;

    private AccessLog() {
    }

    /**
     * The fields of one line. {@code connectMs} and {@code serviceMs} below zero, and an empty
     * {@code dyno}, are printed empty, as Heroku does when no dyno was reached.
     */
    record Fields(RouterError error, String method, String path, String host, String requestId, String fwd,
                  String dyno, long connectMs, long serviceMs, int status, long bytes, String protocol) {
    }

    /** The line as the router hands it to its {@code RouterLog}. */
    static RouterLogLine line(String app, Instant at, Fields f) {
        return new RouterLogLine(app, at, f.dyno(), f.status(), f.error() == null ? "" : f.error().name(), format(f));
    }

    static String format(Fields f) {
        // Room for the whole line up front: a builder that grows copies the line once more per doubling.
        StringBuilder sb = new StringBuilder(256 + Math.min(f.path().length(), MAX_QUOTED) + Math.min(f.fwd().length(), MAX_QUOTED)
                + f.host().length() + f.requestId().length());
        if (f.error() == null) {
            sb.append("at=info");
        } else {
            sb.append("at=error code=").append(f.error().name()).append(" desc=\"")
                    .append(f.error().description()).append('"');
        }
        sb.append(" method=").append(f.method());
        sb.append(" path=");
        quoted(sb, f.path());
        sb.append(" host=").append(f.host());
        sb.append(" request_id=").append(f.requestId());
        sb.append(" fwd=");
        quoted(sb, f.fwd());
        sb.append(" dyno=").append(f.dyno());
        sb.append(" connect=");
        millis(sb, f.connectMs());
        sb.append(" service=");
        millis(sb, f.serviceMs());
        sb.append(" status=").append(f.status());
        sb.append(" bytes=").append(f.bytes());
        sb.append(" protocol=").append(f.protocol());
        return sb.toString();
    }

    private static void millis(StringBuilder sb, long ms) {
        if (ms >= 0) {
            sb.append(ms).append("ms");
        }
    }

    static void quoted(StringBuilder sb, String value) {
        sb.append('"');
        int n = Math.min(value.length(), MAX_QUOTED);
        for (int i = 0; i < n; i++) {
            char c = value.charAt(i);
            if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else if (c < 0x20 || c == 0x7f) {
                sb.append("\\x").append(Character.forDigit(c >> 4, 16)).append(Character.forDigit(c & 0xf, 16));
            } else {
                sb.append(c);
            }
        }
        if (value.length() > MAX_QUOTED) {
            sb.append("...");
        }
        sb.append('"');
    }
}
