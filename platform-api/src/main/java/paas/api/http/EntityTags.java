package paas.api.http;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Heroku's caching: a GET answer carries an {@code ETag} naming its bytes, and a client that sends
 * it back in {@code If-None-Match} gets {@code 304 Not Modified} with no body while the answer is
 * the same. A strong tag from the body's SHA-256, so equal bytes give equal tags on any paasd.
 */
final class EntityTags {
    private EntityTags() {
    }

    static String of(byte[] body) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(body);
            return "\"" + HexFormat.of().formatHex(digest, 0, 16) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /**
     * Whether {@code ifNoneMatch} (the header, may be null) names {@code tag}: {@code *}, or a list
     * of tags compared weakly as RFC 9110 says for this header ({@code W/"x"} matches {@code "x"}).
     */
    static boolean matches(String ifNoneMatch, String tag) {
        if (ifNoneMatch == null) {
            return false;
        }
        for (String candidate : ifNoneMatch.split(",")) {
            String c = candidate.strip();
            if (c.equals("*")) {
                return true;
            }
            if (c.startsWith("W/")) {
                c = c.substring(2);
            }
            if (c.equals(tag)) {
                return true;
            }
        }
        return false;
    }
}
