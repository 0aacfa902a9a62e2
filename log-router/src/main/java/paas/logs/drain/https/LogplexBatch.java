package paas.logs.drain.https;

import paas.logs.LogLine;
import paas.logs.drain.Batch;
import paas.logs.drain.syslog.SyslogFormat;

import java.io.ByteArrayOutputStream;
import java.util.Map;

/**
 * An HTTPS drain's POST, as Heroku's Logplex sends it: the body is the batch's syslog frames
 * back to back (RFC 6587 octet counting, no separators), with
 * <pre>
 * Content-Type: application/logplex-1
 * Logplex-Msg-Count: number of frames in the body
 * Logplex-Frame-Id: the batch id, the same when a batch is retried
 * Logplex-Drain-Token: d.UUID
 * </pre>
 *
 * @param headers the headers above
 * @param body    the frames
 */
public record LogplexBatch(Map<String, String> headers, byte[] body) {
    public static final String CONTENT_TYPE = "application/logplex-1";

    public LogplexBatch {
        headers = Map.copyOf(headers);
    }

    public static LogplexBatch of(Batch batch, String token) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(batch.lines().size() * 160);
        for (LogLine line : batch.lines()) {
            SyslogFormat.appendFrame(out, line, token);
        }
        return new LogplexBatch(Map.of(
                "Content-Type", CONTENT_TYPE,
                "Logplex-Msg-Count", Integer.toString(batch.lines().size()),
                "Logplex-Frame-Id", batch.id(),
                "Logplex-Drain-Token", token), out.toByteArray());
    }
}
