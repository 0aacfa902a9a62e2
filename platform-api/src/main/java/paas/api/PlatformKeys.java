package paas.api;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import paas.api.store.PlatformKey;
import paas.api.store.SecretBox;
import paas.api.store.UnknownKeyException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Where paasd's platform keys come from, and what it says when they do not fit the store.
 *
 * <p>The key is {@code PAAS_SECRET_KEY} when set; otherwise the key file {@value #KEY_FILE} in the
 * data dir, created at the first start (mode 0600, from {@link SecureRandom}; written to a
 * temporary file, synced and renamed, so a kill leaves the whole key or none) and synced before
 * the store records or seals anything with it. {@code PAAS_SECRET_KEY_OLD}, and the key file of
 * an interrupted rotation ({@value #NEXT_KEY_FILE}), are also given to the store to open with, so
 * a start in the middle of a rotation reads every value.
 */
final class PlatformKeys {
    private static final Logger log = LoggerFactory.getLogger("paasd");
    static final String KEY_FILE = "secret.key";
    /** The key a rotation of the key file moves to; it replaces {@value #KEY_FILE} once every value is sealed with it. */
    static final String NEXT_KEY_FILE = "secret.key.new";

    /** A key and where it came from, for messages. */
    private record Given(PlatformKey key, String source) {
    }

    private final List<Given> given;
    private final boolean keyFileCreatedNow;
    private final Optional<Path> promoteAfterRotation;
    private final SecretBox box;

    private PlatformKeys(List<Given> given, boolean keyFileCreatedNow, Optional<Path> promoteAfterRotation) {
        this.given = List.copyOf(given);
        this.keyFileCreatedNow = keyFileCreatedNow;
        this.promoteAfterRotation = promoteAfterRotation;
        this.box = new SecretBox(given.getFirst().key(), given.stream().skip(1).map(Given::key).toList());
    }

    /** A key file or key cannot be used; paasd stops with this message, which names the fix. */
    static final class Unusable extends RuntimeException {
        Unusable(String message) {
            super(message);
        }
    }

    /** The keys paasd serves (and migrates) with: it seals with the first. */
    static PlatformKeys forServing(PlatformConfig config) {
        List<Given> keys = new ArrayList<>();
        boolean created = false;
        if (config.secretKey().isPresent()) {
            keys.add(new Given(config.secretKey().get(), "PAAS_SECRET_KEY"));
        } else {
            Path file = config.dataDir().resolve(KEY_FILE);
            created = !Files.exists(file, LinkOption.NOFOLLOW_LINKS);
            keys.add(new Given(created ? create(file) : read(file), "the key file " + file));
            Path next = config.dataDir().resolve(NEXT_KEY_FILE);
            if (Files.exists(next, LinkOption.NOFOLLOW_LINKS)) {
                log.warn("a key rotation was interrupted: {} is still there; values sealed with it are read, and"
                        + " `paasd rotate-key` (with paasd stopped) finishes the rotation", next);
                keys.add(new Given(read(next), "the key file " + next));
            }
        }
        config.oldSecretKey().ifPresent(k -> keys.add(new Given(k, "PAAS_SECRET_KEY_OLD")));
        return new PlatformKeys(keys, created, Optional.empty());
    }

    /**
     * The keys of {@code paasd rotate-key}: it seals with the new key ({@code PAAS_SECRET_KEY}, or
     * the next key file, made now or kept from an interrupted run) and opens with the old one
     * ({@code PAAS_SECRET_KEY_OLD}, or the key file).
     */
    static PlatformKeys forRotation(PlatformConfig config) {
        List<Given> keys = new ArrayList<>();
        Optional<Path> promote = Optional.empty();
        if (config.secretKey().isPresent()) {
            if (config.oldSecretKey().isEmpty()) {
                throw new Unusable("PAAS_SECRET_KEY_OLD is not set: set it to the key the store's secrets are sealed"
                        + " with now and PAAS_SECRET_KEY to the new one, or unset PAAS_SECRET_KEY to rotate the key"
                        + " file in PAAS_DATA_DIR");
            }
            keys.add(new Given(config.secretKey().get(), "PAAS_SECRET_KEY"));
        } else {
            Path file = config.dataDir().resolve(KEY_FILE);
            if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
                throw new Unusable("there is no key file " + file + " to rotate: paasd makes it at its first start"
                        + " (or set PAAS_SECRET_KEY and PAAS_SECRET_KEY_OLD to rotate a key given by environment)");
            }
            Path next = config.dataDir().resolve(NEXT_KEY_FILE);
            // An earlier rotation killed half-way may have sealed values with it already: keep it.
            PlatformKey nextKey = Files.exists(next, LinkOption.NOFOLLOW_LINKS) ? read(next) : create(next);
            keys.add(new Given(nextKey, "the key file " + next));
            keys.add(new Given(read(file), "the key file " + file));
            promote = Optional.of(next);
        }
        config.oldSecretKey().ifPresent(k -> keys.add(new Given(k, "PAAS_SECRET_KEY_OLD")));
        return new PlatformKeys(keys, false, promote);
    }

    /** Seals with the first key given, opens with every one. */
    SecretBox box() {
        return box;
    }

    /**
     * The end of a rotation of the key file, once every value is sealed with the next key: it
     * becomes the key file, in one rename. Killed before it, paasd opens with both files, and the
     * next {@code rotate-key} finishes.
     */
    void finishRotation() {
        promoteAfterRotation.ifPresent(next -> {
            Path file = next.resolveSibling(KEY_FILE);
            try {
                Files.move(next, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                syncDirectory(file.getParent());
            } catch (IOException e) {
                throw new Unusable("every value is sealed with the key in " + next + ", but it cannot be renamed to "
                        + file + " (" + e.getMessage() + "): rename it by hand before paasd starts again");
            }
        });
    }

    /** Why the store does not open with these keys, and what to do, for paasd's last log line. */
    String unknownKeyFix(UnknownKeyException e) {
        String givenKeys = given.stream().map(g -> g.source() + " is key " + g.key().id())
                .collect(Collectors.joining(", "));
        String why = "the store holds config values or drain URLs sealed with platform key "
                + String.join(", ", e.missing()) + ", and " + givenKeys
                + (keyFileCreatedNow ? " (created just now, as there was none)" : "") + ": ";
        if (given.getFirst().source().equals("PAAS_SECRET_KEY")) {
            return why + "set PAAS_SECRET_KEY to the key they were sealed with (or unset it to use the key file "
                    + KEY_FILE + " in PAAS_DATA_DIR); to change keys, set PAAS_SECRET_KEY_OLD to the old key and run"
                    + " `paasd rotate-key` with paasd stopped";
        }
        return why + "restore the key file " + KEY_FILE + " of this store from your backup into PAAS_DATA_DIR, or set"
                + " PAAS_SECRET_KEY to the key they were sealed with";
    }

    private static PlatformKey read(Path file) {
        String text;
        try {
            DataDir.narrow(file, DataDir.FILE_MODE);
            text = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new Unusable("cannot read the key file " + file + " (" + e.getMessage() + "): make it readable"
                    + " by paasd's user; without it the store's config values cannot be read");
        }
        try {
            return PlatformKey.parse(text);
        } catch (IllegalArgumentException e) {
            throw new Unusable("the key file " + file + " holds no platform key (" + e.getMessage()
                    + "): restore it from your backup; without it the store's config values cannot be read");
        }
    }

    private static PlatformKey create(Path file) {
        PlatformKey key = PlatformKey.generate(new SecureRandom());
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            Files.deleteIfExists(temporary); // what a kill during an earlier start left
            try (FileChannel out = FileChannel.open(temporary, java.util.Set.of(StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE), PosixFilePermissions.asFileAttribute(DataDir.FILE_MODE))) {
                out.write(ByteBuffer.wrap((key.encoded() + "\n").getBytes(StandardCharsets.US_ASCII)));
                out.force(true);
            }
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
            syncDirectory(file.getParent());
        } catch (IOException e) {
            throw new Unusable("cannot write the key file " + file + " (" + e.getMessage() + "): make PAAS_DATA_DIR"
                    + " writable, or set PAAS_SECRET_KEY");
        }
        log.warn("created the platform key file {} (key {}): config values and drain URLs in the store are encrypted"
                + " with it and are lost without it. Back it up now, apart from the store's backups (see"
                + " docs/security.md, Secrets at rest)", file, key.id());
        return key;
    }

    /** Makes a rename in {@code dir} durable: without it a power cut may bring the old name back. */
    private static void syncDirectory(Path dir) throws IOException {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }
}
