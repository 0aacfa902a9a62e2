package paas.api.dynos;

import paas.api.domain.PlatformException;
import paas.api.store.Database;
import paas.api.store.PlatformSecretStore;
import paas.api.store.ReleaseStore;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A release's {@code output_stream_url}: where its release phase's output is read. Heroku clients
 * open it with no token, so the link carries its own proof: the release's id and an expiry,
 * signed with the platform's link key (HMAC-SHA256, kept sealed in the store). A link stays the
 * same for an hour, so the views that show it do not change on every request, and opens for at
 * least an hour after it was shown. Thread-safe.
 */
public final class ReleaseOutputLinks {
    /** The streaming endpoint's path; the link is the one segment after it. */
    public static final String PATH = "/release-outputs/";
    static final String KEY_NAME = "release-output-link-key";
    private static final Pattern LINK = Pattern.compile(
            "([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\\.([0-9]{1,12})\\.([A-Za-z0-9_-]{43})");

    private final Database db;
    private final ReleaseStore releases;
    private final byte[] key;
    private final String apiBaseUrl;
    private final Clock clock;

    private ReleaseOutputLinks(Database db, ReleaseStore releases, byte[] key, String apiBaseUrl, Clock clock) {
        this.db = db;
        this.releases = releases;
        this.key = key;
        this.apiBaseUrl = apiBaseUrl;
        this.clock = clock;
    }

    /** With the platform's link key, made (and stored) the first time. */
    public static ReleaseOutputLinks open(Database db, String apiBaseUrl, Clock clock) {
        PlatformSecretStore secrets = new PlatformSecretStore(db.secrets());
        String key = db.inTransaction(c -> {
            Optional<String> kept = secrets.get(c, KEY_NAME);
            if (kept.isPresent()) {
                return kept.get();
            }
            byte[] made = new byte[32];
            new SecureRandom().nextBytes(made);
            String encoded = Base64.getEncoder().encodeToString(made);
            secrets.put(c, KEY_NAME, encoded);
            return encoded;
        });
        return new ReleaseOutputLinks(db, new ReleaseStore(db.secrets()), Base64.getDecoder().decode(key),
                apiBaseUrl.replaceAll("/+$", ""), clock);
    }

    /** The link to the release's output, valid until the end of the next full hour. */
    public String url(UUID releaseId) {
        long expires = clock.instant().truncatedTo(ChronoUnit.HOURS).plus(Duration.ofHours(2)).getEpochSecond();
        return apiBaseUrl + PATH + releaseId + "." + expires + "." + signature(releaseId, expires);
    }

    /**
     * The output the link names.
     *
     * @throws PlatformException.NotFound for a link that is not one of this platform's, has expired,
     *                                    or names a release whose release phase has not finished
     */
    public String output(String link) {
        Matcher m = LINK.matcher(link);
        if (!m.matches()) {
            throw notFound();
        }
        UUID releaseId = UUID.fromString(m.group(1));
        long expires = Long.parseLong(m.group(2));
        boolean signed = MessageDigest.isEqual(signature(releaseId, expires).getBytes(StandardCharsets.US_ASCII),
                m.group(3).getBytes(StandardCharsets.US_ASCII));
        if (!signed || Instant.ofEpochSecond(expires).isBefore(clock.instant())) {
            throw notFound();
        }
        return db.inTransaction(c -> releases.output(c, releaseId)).orElseThrow(() -> new PlatformException.NotFound(
                "the release command has not finished yet: try again in a few seconds"));
    }

    private String signature(UUID releaseId, long expires) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            byte[] signed = mac.doFinal((releaseId + "." + expires).getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(signed);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    private static PlatformException notFound() {
        return new PlatformException.NotFound("this release output link is not valid or has expired: ask for the"
                + " release again (`paas releases:output`) for a current one");
    }
}
