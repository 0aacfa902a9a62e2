package paas.logs.drain.syslog;

import org.junit.jupiter.api.Test;
import paas.logs.Source;
import paas.logs.testing.OctetFrames;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static paas.logs.testing.Lines.line;

class SyslogFormatTest {
    private static final String TOKEN = "d.2f5c8a3e-9f6b-4c1d-8e7a-0b1c2d3e4f5a";

    @Test
    void rfc5424MessageInAnOctetCountedFrame() {
        byte[] frame = SyslogFormat.frame(line("myapp", Source.APP, "web.1", "hello"), TOKEN);
        String msg = "<190>1 2026-11-24T22:00:00.123456+00:00 " + TOKEN + " app web.1 - - hello";
        assertThat(new String(frame, StandardCharsets.UTF_8)).isEqualTo(msg.length() + " " + msg);
    }

    @Test
    void lengthCountsBytesNotCharacters() {
        byte[] frame = SyslogFormat.frame(line("myapp", Source.ROUTER, "router", "€ and 😀"), TOKEN);
        String s = new String(frame, StandardCharsets.UTF_8);
        int len = Integer.parseInt(s.substring(0, s.indexOf(' ')));
        assertThat(len).isEqualTo(frame.length - s.indexOf(' ') - 1);
        assertThat(OctetFrames.parse(frame)).containsExactly(
                "<190>1 2026-11-24T22:00:00.123456+00:00 " + TOKEN + " router router - - € and 😀");
    }

    @Test
    void emptyTextStillHasItsSeparator() {
        assertThat(SyslogFormat.message(line("myapp", Source.PAAS, "api", ""), TOKEN)).endsWith(" paas api - - ");
    }
}
