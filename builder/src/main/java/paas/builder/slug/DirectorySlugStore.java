package paas.builder.slug;

import paas.builder.Slug;
import paas.builder.SlugStore;
import paas.vocabulary.tar.TarPaths;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Slugs as files {@code DATA_DIR/slugs/<sha256>.tgz}, read-only (0444), never overwritten.
 *
 * <p>{@link #put} moves the given file into the store directory under a temporary name first
 * (a copy when it lives on another file system), hashes the bytes it now owns, and publishes them
 * with a hard link, which fails rather than replace an existing slug; the same bytes put twice
 * keep the first file. The given file is gone after {@code put} returns or throws. Thread-safe,
 * also across processes sharing the directory.
 */
public final class DirectorySlugStore implements SlugStore {
    private static final Pattern ID = Pattern.compile("[0-9a-f]{64}");
    private static final String SUFFIX = ".tgz";

    private final Path dir;

    /** @param dataDir the platform's data directory; slugs go to its {@code slugs} subdirectory */
    public DirectorySlugStore(Path dataDir) throws IOException {
        this.dir = Files.createDirectories(dataDir.resolve("slugs"));
    }

    /** The directory holding the slug files. */
    public Path directory() {
        return dir;
    }

    @Override
    public Slug put(Path tarGz) throws IOException {
        Path incoming = Files.createTempFile(dir, ".incoming-", ".part");
        try {
            Files.move(tarGz, incoming, StandardCopyOption.REPLACE_EXISTING);
            String sha = sha256(incoming);
            long size = Files.size(incoming);
            Files.setPosixFilePermissions(incoming, PosixFilePermissions.fromString("r--r--r--"));
            Path target = dir.resolve(sha + SUFFIX);
            try {
                Files.createLink(target, incoming);
            } catch (FileAlreadyExistsException alreadyThere) {
                // same content, already stored: keep the first copy untouched
            }
            return new Slug(sha, size);
        } finally {
            Files.deleteIfExists(incoming);
            Files.deleteIfExists(tarGz);
        }
    }

    @Override
    public Optional<Path> path(String sha256) {
        Path p = fileOf(sha256);
        return Files.isRegularFile(p) ? Optional.of(p) : Optional.empty();
    }

    @Override
    public InputStream open(String sha256) throws IOException {
        Path p = fileOf(sha256);
        if (!Files.isRegularFile(p)) {
            throw new NoSuchFileException(p.toString(), null, "no slug " + sha256 + " in the store");
        }
        return Files.newInputStream(p);
    }

    /**
     * The checksum of every slug in the store, in no order. Files being put (temporary names) are
     * not listed.
     */
    public java.util.List<String> ids() throws IOException {
        try (java.util.stream.Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(SUFFIX))
                    .map(n -> n.substring(0, n.length() - SUFFIX.length()))
                    .filter(id -> ID.matcher(id).matches())
                    .toList();
        }
    }

    /**
     * Deletes a slug file. Only for slugs nothing refers to any more: a dyno starting from it
     * afterwards finds it missing. Answers false when there was no such slug.
     */
    public boolean delete(String sha256) throws IOException {
        return Files.deleteIfExists(fileOf(sha256));
    }

    private Path fileOf(String sha256) {
        if (sha256 == null || !ID.matcher(sha256).matches()) {
            throw new IllegalArgumentException("slug id must be 64 lowercase hex characters (a sha256): "
                    + (sha256 == null ? "null" : TarPaths.printable(sha256)));
        }
        return dir.resolve(sha256 + SUFFIX);
    }

    static String sha256(Path file) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
