package paas.logs.drain.syslog;

import paas.logs.LogFormat;
import paas.logs.LogLine;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * RFC 5424 messages in RFC 6587 octet-counting frames, laid out as Heroku's Logplex lays them:
 *
 * <pre>LEN SP &lt;190&gt;1 TIMESTAMP TOKEN SOURCE DYNO - - TEXT</pre>
 *
 * <ul>
 *   <li>PRI {@code <190>}: facility local7 (23), severity info (6), Heroku's choice for every line;
 *       receivers and tools written for Heroku drains filter on it, so we keep it.</li>
 *   <li>TIMESTAMP: UTC with microseconds, {@code 2026-11-24T22:00:00.123456+00:00}.</li>
 *   <li>HOSTNAME: the drain token {@code d.UUID}, so a receiver can tell drains apart.</li>
 *   <li>APP-NAME: the source ({@code app}, {@code router}, {@code paas}, {@code build});
 *       PROCID: the dyno ({@code web.1}); MSGID and STRUCTURED-DATA: {@code -}.</li>
 *   <li>MSG: the text in UTF-8, without a BOM (as Heroku sends it; RFC 5424 makes the BOM
 *       optional in practice and most receivers do not expect one).</li>
 *   <li>LEN: the byte length of everything after the space.</li>
 * </ul>
 */
public final class SyslogFormat {
    public static final int PRI = 190;

    private SyslogFormat() {
    }

    /** The RFC 5424 message, without framing. */
    public static String message(LogLine line, String token) {
        return "<" + PRI + ">1 " + LogFormat.TIME.format(line.time()) + ' ' + token + ' ' + line.source().wireName()
                + ' ' + line.dyno() + " - - " + line.text();
    }

    /** Appends one octet-counted frame: {@code LEN SP MESSAGE}. */
    public static void appendFrame(ByteArrayOutputStream out, LogLine line, String token) {
        byte[] message = message(line, token).getBytes(StandardCharsets.UTF_8);
        out.writeBytes(Integer.toString(message.length).getBytes(StandardCharsets.US_ASCII));
        out.write(' ');
        out.writeBytes(message);
    }

    /** One frame as bytes. */
    public static byte[] frame(LogLine line, String token) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        appendFrame(out, line, token);
        return out.toByteArray();
    }
}
