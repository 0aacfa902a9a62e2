package paas.router.proxy;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AccessLogTest {
    @Test
    void infoLineHasHerokusFieldsInHerokusOrder() {
        String line = AccessLog.format(new AccessLog.Fields(null, "GET", "/", "blog.example", "rid-1", "1.2.3.4",
                "web.1", 1, 12, 200, 512, "http"));
        assertThat(line).isEqualTo("at=info method=GET path=\"/\" host=blog.example request_id=rid-1 fwd=\"1.2.3.4\""
                + " dyno=web.1 connect=1ms service=12ms status=200 bytes=512 protocol=http");
    }

    @Test
    void errorLineStartsWithCodeAndDescriptionAndLeavesUnknownsEmpty() {
        String line = AccessLog.format(new AccessLog.Fields(RouterError.H10, "POST", "/x", "b.example", "r", "5.6.7.8",
                "", -1, -1, 503, 0, "http"));
        assertThat(line).isEqualTo("at=error code=H10 desc=\"App crashed\" method=POST path=\"/x\" host=b.example"
                + " request_id=r fwd=\"5.6.7.8\" dyno= connect= service= status=503 bytes=0 protocol=http");
    }

    @Test
    void clientTextCannotForgeFields() {
        String line = AccessLog.format(new AccessLog.Fields(null, "GET", "/a\" status=200 \\ \u0001", "h", "r",
                "1.1.1.1\" dyno=web.9", "web.1", 0, 0, 404, 0, "http"));
        assertThat(line).contains("path=\"/a\\\" status=200 \\\\ \\x01\"").contains("fwd=\"1.1.1.1\\\" dyno=web.9\"")
                .contains(" status=404 ");
    }

    @Test
    void longValuesAreCut() {
        String line = AccessLog.format(new AccessLog.Fields(null, "GET", "/" + "a".repeat(5000), "h", "r", "f",
                "web.1", 0, 0, 200, 0, "http"));
        assertThat(line.length()).isLessThan(2300);
        assertThat(line).contains("a...\"");
    }
}
