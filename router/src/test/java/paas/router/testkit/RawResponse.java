package paas.router.testkit;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** A response as read off a raw socket: header names lowercase, body de-chunked. */
public record RawResponse(int status, String statusLine, Map<String, List<String>> headers, byte[] body) {
    public String header(String name) {
        List<String> values = headers.get(name.toLowerCase());
        return values == null ? null : String.join(", ", values);
    }

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
