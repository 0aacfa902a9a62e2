package paas.api.store;

import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * A platform key: 32 random bytes for AES-256, given as their base64 ({@code PAAS_SECRET_KEY},
 * or the key file in the data dir). Its {@link #id()} is a fingerprint that names it in sealed
 * values, logs and messages without revealing it; {@link #toString()} shows only that.
 */
public final class PlatformKey {
    static final int BYTES = 32;
    /** Bytes of the fingerprint kept in every sealed value. */
    static final int ID_BYTES = 8;
    /** What {@link #parse} accepts, for messages that name the fix. */
    public static final String FORM = "the base64 of 32 random bytes, e.g. from `openssl rand -base64 32`";

    private final byte[] bytes;
    private final byte[] id;

    private PlatformKey(byte[] bytes) {
        this.bytes = bytes.clone();
        this.id = fingerprint(bytes);
    }

    /** @throws IllegalArgumentException naming what is wrong, never the value */
    public static PlatformKey parse(String base64) {
        byte[] decoded;
        try {
            decoded = Base64.getDecoder().decode(base64.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not base64; use " + FORM);
        }
        if (decoded.length != BYTES) {
            throw new IllegalArgumentException("the key is " + decoded.length + " bytes, not 32; use " + FORM);
        }
        return new PlatformKey(decoded);
    }

    public static PlatformKey generate(SecureRandom random) {
        byte[] bytes = new byte[BYTES];
        random.nextBytes(bytes);
        return new PlatformKey(bytes);
    }

    /** The key as {@link #parse} reads it: what goes into a key file. */
    public String encoded() {
        return Base64.getEncoder().encodeToString(bytes);
    }

    /** The key's fingerprint in hex, 16 characters. */
    public String id() {
        return HexFormat.of().formatHex(id);
    }

    byte[] idBytes() {
        return id.clone();
    }

    SecretKeySpec spec() {
        return new SecretKeySpec(bytes, "AES");
    }

    /**
     * A hash of the key under a label of its own, so the fingerprint is no value the key is
     * ever used with. Knowing it does not help find the key (2^256 candidates).
     */
    private static byte[] fingerprint(byte[] key) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update("paas platform key id\0".getBytes(StandardCharsets.US_ASCII));
            byte[] digest = sha256.digest(key);
            return java.util.Arrays.copyOf(digest, ID_BYTES);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PlatformKey other && MessageDigest.isEqual(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.hashCode(id);
    }

    @Override
    public String toString() {
        return "platform key " + id();
    }
}
