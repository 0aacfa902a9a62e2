package paas.vocabulary.tar;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import paas.vocabulary.FileTrees;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * Extracts a tar (or tar.gz) into an empty directory, refusing anything that could reach outside
 * it: absolute names, ".." components, symbolic links whose target leaves the root (absolute or
 * climbing above it, also through an earlier link to a directory), hard links to anything but a
 * regular file already extracted, device files, FIFOs, sparse entries, duplicate entries, and
 * archives over the {@link Limits}. The one tar extractor of the platform: the process manager
 * unpacks slugs for dynos with it, and the builder's tests check with it that its slugs unpack.
 *
 * <p>No entry is ever written through a symbolic link: every parent directory of an entry is
 * checked to be a real directory (not a link) inside the root before anything is created, and
 * files are created with {@code CREATE_NEW} and {@code NOFOLLOW_LINKS}. Set-uid, set-gid and
 * sticky bits are dropped (see {@link Permissions}); ownership is the extracting user's.
 *
 * <p>On failure the file system is left as it was found: a root the extraction created is
 * removed, a root that existed (empty) is emptied again; an {@link UnsafeTarException} (or the
 * underlying {@link IOException}) names the entry and the rule. Instances are immutable and
 * thread-safe; {@code extract} blocks on I/O.
 */
public final class SafeTar {
    /** Bounds on one archive. */
    public record Limits(long maxEntries, long maxTotalBytes, long maxEntryBytes) {
        public Limits {
            if (maxEntries <= 0 || maxTotalBytes <= 0 || maxEntryBytes <= 0) {
                throw new IllegalArgumentException("tar limits must be positive");
            }
        }

        /** 500,000 entries, 8 GiB in all, 4 GiB per file. */
        public static Limits defaults() {
            return new Limits(500_000, 8L << 30, 4L << 30);
        }
    }

    /** What an extraction wrote. */
    public record Summary(long entries, long bytes) {
    }

    /** The permission bits extracted files and directories get; directories always keep the owner's rwx. */
    public enum Permissions {
        /** The archive's bits (without set-uid, set-gid, sticky). */
        AS_ARCHIVED,
        /**
         * The archive's bits plus the owner's read and write: whoever extracted the tree can
         * always read it back (to run it, or to copy it into an image) and delete it.
         */
        OWNER_READ_WRITE
    }

    private final Limits limits;
    private final Permissions permissions;

    public SafeTar(Limits limits, Permissions permissions) {
        this.limits = Objects.requireNonNull(limits, "limits");
        this.permissions = Objects.requireNonNull(permissions, "permissions");
    }

    /** Extracts with the archive's own permission bits. */
    public SafeTar(Limits limits) {
        this(limits, Permissions.AS_ARCHIVED);
    }

    /** Extracts a file that is a tar or a gzip-compressed tar (told apart by its first bytes). */
    public Summary extract(Path archive, Path root) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(archive), 65536)) {
            return extract(maybeGunzip(in), root);
        }
    }

    /** Extracts a file that must be a gzip-compressed tar. */
    public Summary extractGzip(Path archive, Path root) throws IOException {
        try (InputStream in = new GZIPInputStream(new BufferedInputStream(Files.newInputStream(archive), 65536), 65536)) {
            return extract(in, root);
        }
    }

    /** Extracts an uncompressed tar stream into {@code root}, which must be empty or not exist. */
    public Summary extract(InputStream tar, Path root) throws IOException {
        boolean created = !Files.exists(root, LinkOption.NOFOLLOW_LINKS);
        Files.createDirectories(root);
        Path realRoot = root.toRealPath();
        try (var entries = Files.list(realRoot)) {
            if (entries.findAny().isPresent()) {
                throw new IOException("extraction root " + root + " is not empty");
            }
        }
        try {
            return extractInto(tar, realRoot);
        } catch (IOException | RuntimeException e) {
            undo(realRoot, created, e);
            throw e;
        }
    }

    private static InputStream maybeGunzip(InputStream in) throws IOException {
        InputStream buffered = in.markSupported() ? in : new BufferedInputStream(in);
        buffered.mark(2);
        int b1 = buffered.read();
        int b2 = buffered.read();
        buffered.reset();
        if (b1 == 0x1f && b2 == 0x8b) {
            return new GZIPInputStream(buffered, 65536);
        }
        return buffered;
    }

    private Summary extractInto(InputStream raw, Path root) throws IOException {
        // The stream is not closed here: the caller owns it.
        TarArchiveInputStream tar = new TarArchiveInputStream(raw, "UTF-8");
        long count = 0;
        long total = 0;
        List<Runnable> directoryFixups = new ArrayList<>();
        List<Path> links = new ArrayList<>();
        TarArchiveEntry entry;
        while ((entry = tar.getNextEntry()) != null) {
            if (entry.isGlobalPaxHeader() || entry.isPaxHeader()) {
                continue;
            }
            if (++count > limits.maxEntries()) {
                throw new UnsafeTarException("refused archive: more than " + limits.maxEntries() + " entries");
            }
            String name = entry.getName();
            String rel = TarPaths.relative(name);
            if (rel.isEmpty()) {
                if (entry.isDirectory()) {
                    continue;
                }
                throw new UnsafeTarException("refused tar entry '" + TarPaths.printable(name) + "': not a directory at the root");
            }
            Path target = root.resolve(rel);
            if (!target.normalize().startsWith(root)) {
                throw refused(name, "path leaves the extraction root");
            }
            ensureParents(root, target.getParent(), name);
            if (entry.isDirectory()) {
                if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                    if (!Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
                        throw refused(name, "a directory would replace an existing non-directory");
                    }
                } else {
                    Files.createDirectory(target);
                }
                int mode = entry.getMode();
                FileTime mtime = FileTime.from(entry.getLastModifiedDate().toInstant());
                // Applied last, as tar does: a read-only directory must not stop later entries.
                directoryFixups.add(() -> {
                    try {
                        Files.setPosixFilePermissions(target, permissions(mode | 0700));
                        Files.setLastModifiedTime(target, mtime);
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                });
            } else if (entry.isSymbolicLink()) {
                String linkTarget = entry.getLinkName();
                if (!TarPaths.linkStaysInside(rel, linkTarget)) {
                    String absolute = linkTarget != null && linkTarget.startsWith("/") ? "an absolute path " : "";
                    throw refused(name, "symbolic link to " + absolute + "'" + TarPaths.printable(String.valueOf(linkTarget))
                            + "' leaves the extraction root");
                }
                refuseExisting(target, name);
                Files.createSymbolicLink(target, target.getFileSystem().getPath(linkTarget));
                links.add(target);
            } else if (entry.isLink()) {
                String linkRel = TarPaths.relative(entry.getLinkName());
                Path existing = root.resolve(linkRel);
                if (linkRel.isEmpty() || !existing.normalize().startsWith(root)) {
                    throw refused(name, "hard link target leaves the extraction root");
                }
                checkParentsAreDirectories(root, existing.getParent(), name);
                if (!Files.isRegularFile(existing, LinkOption.NOFOLLOW_LINKS)) {
                    throw refused(name, "hard link to '" + TarPaths.printable(linkRel) + "', which is not a regular file extracted earlier");
                }
                refuseExisting(target, name);
                Files.createLink(target, existing);
            } else if (entry.isCharacterDevice() || entry.isBlockDevice() || entry.isFIFO()) {
                throw refused(name, "device files and FIFOs are not allowed");
            } else if (entry.isSparse()) {
                throw refused(name, "sparse files are not allowed");
            } else if (isRegularFile(entry)) {
                long size = entry.getSize();
                if (size > limits.maxEntryBytes()) {
                    throw refused(name, "file is " + size + " bytes, over the limit of " + limits.maxEntryBytes());
                }
                total += size;
                if (total > limits.maxTotalBytes()) {
                    throw refused(name, "archive holds more than " + limits.maxTotalBytes() + " bytes");
                }
                refuseExisting(target, name);
                try (OutputStream out = Files.newOutputStream(target, StandardOpenOption.CREATE_NEW,
                        StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
                    long copied = tar.transferTo(out);
                    if (copied != size) {
                        throw refused(name, "truncated: " + copied + " of " + size + " bytes");
                    }
                }
                Files.setPosixFilePermissions(target, permissions(fileMode(entry.getMode())));
                Files.setLastModifiedTime(target, FileTime.from(entry.getLastModifiedDate().toInstant()));
            } else {
                throw refused(name, "unsupported entry type '" + (char) entry.getLinkFlag() + "'");
            }
        }
        refuseLinksResolvingOutside(root, links);
        try {
            for (int i = directoryFixups.size() - 1; i >= 0; i--) {
                directoryFixups.get(i).run();
            }
        } catch (java.io.UncheckedIOException e) {
            throw e.getCause();
        }
        return new Summary(count, total);
    }

    /**
     * The lexical check of each link cannot see ".." after a link to a directory ("d/l" -> "..",
     * then "m" -> "d/l/.." is the root's parent): every link that resolves now must resolve inside.
     * A dangling link is left alone; nothing is ever written through a link anyway.
     */
    private static void refuseLinksResolvingOutside(Path root, List<Path> links) throws IOException {
        for (Path link : links) {
            Path real;
            try {
                real = link.toRealPath();
            } catch (NoSuchFileException dangling) {
                continue;
            }
            if (!real.startsWith(root)) {
                throw refused(root.relativize(link).toString(), "symbolic link resolves outside the extraction root");
            }
        }
    }

    private int fileMode(int archived) {
        return permissions == Permissions.OWNER_READ_WRITE ? archived | 0600 : archived;
    }

    private static boolean isRegularFile(TarArchiveEntry entry) {
        byte flag = entry.getLinkFlag();
        return flag == TarConstants.LF_NORMAL || flag == TarConstants.LF_OLDNORM || flag == TarConstants.LF_CONTIG;
    }

    /** Creates missing parents one by one, refusing any existing component that is not a real directory. */
    private static void ensureParents(Path root, Path dir, String name) throws IOException {
        if (dir == null || dir.equals(root)) {
            return;
        }
        ensureParents(root, dir.getParent(), name);
        if (Files.isSymbolicLink(dir)) {
            throw refused(name, "its parent '" + root.relativize(dir) + "' is a symbolic link");
        }
        if (Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        if (Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            throw refused(name, "its parent '" + root.relativize(dir) + "' is not a directory");
        }
        Files.createDirectory(dir);
    }

    private static void checkParentsAreDirectories(Path root, Path dir, String name) throws IOException {
        for (Path p = dir; p != null && !p.equals(root); p = p.getParent()) {
            if (!Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                throw refused(name, "hard link target goes through '" + root.relativize(p) + "', which is not a real directory");
            }
        }
    }

    private static void refuseExisting(Path target, String name) throws UnsafeTarException {
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            throw refused(name, "duplicate entry");
        }
    }

    private static UnsafeTarException refused(String name, String why) {
        return new UnsafeTarException("refused tar entry '" + TarPaths.printable(name) + "': " + why);
    }

    private static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] order = {
                PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
                PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
                PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ};
        for (int bit = 0; bit < 9; bit++) {
            if ((mode & (1 << bit)) != 0) {
                set.add(order[bit]);
            }
        }
        return set;
    }

    /** Leaves the file system as it was found: removes a root this extraction created, else empties it. */
    private static void undo(Path root, boolean created, Exception failure) {
        try {
            if (created) {
                FileTrees.delete(root);
            } else {
                try (Stream<Path> children = Files.list(root)) {
                    for (Path child : (Iterable<Path>) children::iterator) {
                        FileTrees.delete(child);
                    }
                }
            }
        } catch (IOException | RuntimeException cleanup) {
            // the refusal is what the caller must see; the cleanup failure travels with it
            failure.addSuppressed(cleanup);
        }
    }
}
