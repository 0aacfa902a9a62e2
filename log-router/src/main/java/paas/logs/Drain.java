package paas.logs;

import paas.logs.DrainUrl;

import java.util.UUID;
import java.util.regex.Pattern;

/**
 * A destination outside the platform that receives a copy of every line of one app.
 *
 * <p>The URL's syntax is checked here (scheme, host, port, credentials, length; see
 * {@link DrainUrl#parse}); whether its host may be reached (loopback, the platform's own API)
 * is a deployment decision checked by {@link DrainPolicy} when the drain is added.
 *
 * @param id    stable identity, {@code [A-Za-z0-9_-]{1,64}} (a UUID when made by {@link #create})
 * @param url   {@code syslog+tcp://HOST:PORT}, {@code syslog+tls://HOST:PORT} or {@code https://HOST[:PORT]/PATH}
 * @param token {@code d.UUID}; sent as the syslog HOSTNAME of every line and as {@code Logplex-Drain-Token}
 */
public record Drain(String id, String url, String token) {
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final Pattern TOKEN = Pattern.compile("d\\.[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    public Drain {
        if (id == null || !ID.matcher(id).matches()) {
            throw new IllegalArgumentException("drain id '" + id + "' must match [A-Za-z0-9_-]{1,64}");
        }
        if (token == null || !TOKEN.matcher(token).matches()) {
            throw new IllegalArgumentException("drain token '" + token + "' must be d. followed by a lower-case UUID");
        }
        DrainUrl.parse(url);
    }

    /** A new drain with a fresh random id and token. */
    public static Drain create(String url) {
        return new Drain(UUID.randomUUID().toString(), url, "d." + UUID.randomUUID());
    }

    /** The parsed URL. */
    public DrainUrl target() {
        return DrainUrl.parse(url);
    }
}
