package paas.api.store;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Seals secrets for the store with AES-256-GCM (the JDK's own provider): one sealing key, and
 * any number of keys that only open, so values sealed before a key rotation still open while it
 * runs. Thread-safe.
 *
 * <p>A sealed value is {@code version (1 byte) | key id (8) | nonce (12) | ciphertext | tag (16)}.
 * The version says how the rest is laid out; the key id says which key sealed it, so a rotation
 * knows what is left to re-seal and a start with the wrong key is named as such. The nonce is
 * random for every value: at most 2^32 values per key keeps the chance of a repeat negligible,
 * far more than a platform's config ever holds. The header and the caller's associated data (the
 * row the value belongs to) are authenticated with it: a value changed, or copied to another row,
 * does not open.
 */
public final class SecretBox {
    static final byte VERSION = 1;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final int HEADER_BYTES = 1 + PlatformKey.ID_BYTES;

    private final PlatformKey sealing;
    private final Map<String, PlatformKey> opening;
    private final SecureRandom random = new SecureRandom();

    /** Seals with {@code sealing}; opens what it or any of {@code alsoOpening} sealed. */
    public SecretBox(PlatformKey sealing, List<PlatformKey> alsoOpening) {
        this.sealing = sealing;
        Map<String, PlatformKey> keys = new LinkedHashMap<>();
        keys.put(sealing.id(), sealing);
        alsoOpening.forEach(k -> keys.putIfAbsent(k.id(), k));
        this.opening = Map.copyOf(keys);
    }

    public PlatformKey sealingKey() {
        return sealing;
    }

    /** The ids of every key this box opens with, the sealing key's among them. */
    public Set<String> keyIds() {
        return opening.keySet();
    }

    public byte[] seal(byte[] plaintext, byte[] associatedData) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        ByteBuffer sealed = ByteBuffer.allocate(HEADER_BYTES + NONCE_BYTES + plaintext.length + TAG_BITS / 8);
        sealed.put(VERSION).put(sealing.idBytes()).put(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, sealing.spec(), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(sealed.array(), 0, HEADER_BYTES);
            cipher.updateAAD(associatedData);
            cipher.doFinal(ByteBuffer.wrap(plaintext), sealed);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK cannot run AES-256-GCM", e);
        }
        return sealed.array();
    }

    public byte[] seal(String plaintext, byte[] associatedData) {
        return seal(plaintext.getBytes(StandardCharsets.UTF_8), associatedData);
    }

    /**
     * @throws Unopenable when the value is not one this box sealed for {@code associatedData}:
     *         another format, a key it does not have, changed bytes or another row's value
     */
    public byte[] open(byte[] sealed, byte[] associatedData) {
        PlatformKey key = opening.get(keyIdOf(sealed));
        if (key == null) {
            throw new Unopenable("it was sealed with platform key " + keyIdOf(sealed) + ", which is not given");
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key.spec(),
                    new GCMParameterSpec(TAG_BITS, sealed, HEADER_BYTES, NONCE_BYTES));
            cipher.updateAAD(sealed, 0, HEADER_BYTES);
            cipher.updateAAD(associatedData);
            int body = HEADER_BYTES + NONCE_BYTES;
            return cipher.doFinal(sealed, body, sealed.length - body);
        } catch (AEADBadTagException e) {
            throw new Unopenable("it does not authenticate: it was changed, or belongs to another row");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK cannot run AES-256-GCM", e);
        }
    }

    public String openText(byte[] sealed, byte[] associatedData) {
        return new String(open(sealed, associatedData), StandardCharsets.UTF_8);
    }

    /**
     * The id of the key that sealed {@code sealed}, read from its header.
     *
     * @throws Unopenable when it is not a sealed value of a version this code knows
     */
    public static String keyIdOf(byte[] sealed) {
        if (sealed.length < HEADER_BYTES + NONCE_BYTES + TAG_BITS / 8 || sealed[0] != VERSION) {
            throw new Unopenable("it is not a sealed value of version " + VERSION
                    + " (a newer paasd may have written it)");
        }
        return HexFormat.of().formatHex(Arrays.copyOfRange(sealed, 1, HEADER_BYTES));
    }

    /** A sealed value that cannot be opened; the message says why, never what it holds. */
    public static final class Unopenable extends StoreException {
        public Unopenable(String why) {
            super(why, null);
        }
    }
}
