package paas.process.slug;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import paas.vocabulary.FileTrees;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Unpacks a slug (a tar.gz of an app directory) into an empty directory, refusing every entry
 * that could write or point outside it: absolute names, {@code ..} components, symbolic links
 * whose target is absolute or climbs above the root, hard links to anything but a regular file
 * extracted before, device files and FIFOs, and archives larger than the limits.
 *
 * <p>Nothing is ever written through a symbolic link: each parent of an entry must be a real
 * directory inside the root, and files are created with {@code CREATE_NEW} (which does not
 * follow links). Set-uid, set-gid and sticky bits are dropped. On refusal the partly extracted
 * root is deleted and a {@link SlugException} names the entry and the rule.
 *
 * <p>Immutable and thread-safe; {@link #extract} blocks on I/O.
 */
public final class SlugExtractor {
    private final long maxBytes;
    private final long maxEntries;

    /**
     * @param maxBytes   the most file bytes one slug may unpack to (a gzip bomb stops here)
     * @param maxEntries the most entries one slug may have
     */
    public SlugExtractor(long maxBytes, long maxEntries) {
        if (maxBytes <= 0 || maxEntries <= 0) {
            throw new IllegalArgumentException("slug extraction limits must be positive");
        }
        this.maxBytes = maxBytes;
        this.maxEntries = maxEntries;
    }

    /** 4 GiB and 500,000 entries: eight times Heroku's 500 MB compressed slug limit. */
    public static SlugExtractor defaults() {
        return new SlugExtractor(4L << 30, 500_000);
    }

    /** A slug that would escape its root or break the limits. */
    public static final class SlugException extends IOException {
        public SlugException(String message) {
            super(message);
        }
    }

    /** Extracts the tar.gz {@code slug} into {@code root}, which must not exist or be empty. */
    public void extract(Path slug, Path root) throws IOException {
        Files.createDirectories(root);
        Path real = root.toRealPath();
        try (var listing = Files.list(real)) {
            if (listing.findAny().isPresent()) {
                throw new IOException("extraction directory " + root + " is not empty");
            }
        }
        try (InputStream in = new GzipCompressorInputStream(new BufferedInputStream(Files.newInputStream(slug), 65536), true);
             TarArchiveInputStream tar = new TarArchiveInputStream(in, "UTF-8")) {
            extractEntries(tar, real);
        } catch (IOException | RuntimeException e) {
            FileTrees.delete(real);
            throw e;
        }
    }

    private void extractEntries(TarArchiveInputStream tar, Path root) throws IOException {
        long entries = 0;
        long bytes = 0;
        List<Runnable> dirModes = new ArrayList<>();
        List<Path> links = new ArrayList<>();
        TarArchiveEntry e;
        while ((e = tar.getNextEntry()) != null) {
            if (e.isGlobalPaxHeader() || e.isPaxHeader()) {
                continue;
            }
            if (++entries > maxEntries) {
                throw new SlugException("slug has more than " + maxEntries + " entries");
            }
            String rel = relative(e.getName());
            if (rel.isEmpty()) {
                continue; // "./": the root itself
            }
            Path target = root.resolve(rel).normalize();
            if (!target.startsWith(root) || target.equals(root)) {
                throw refused(e, "path leaves the slug root");
            }
            checkParents(root, target.getParent(), e);
            if (Files.exists(target, LinkOption.NOFOLLOW_LINKS) && !e.isDirectory()) {
                throw refused(e, "duplicate entry");
            }
            if (e.isFIFO() || e.isCharacterDevice() || e.isBlockDevice() || e.isSparse()) {
                // isFile() is true for anything not a directory: rule these out first.
                throw refused(e, "entry type is not a file, directory or link (device, FIFO or sparse file)");
            }
            if (e.isDirectory()) {
                if (!Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
                    Files.createDirectory(target);
                }
                int mode = e.getMode();
                // Applied at the end: a read-only directory must not block its own entries.
                dirModes.add(() -> setMode(target, mode));
            } else if (e.isSymbolicLink()) {
                String link = e.getLinkName();
                if (link.isEmpty() || link.startsWith("/") || link.indexOf('\0') >= 0) {
                    throw refused(e, "symbolic link target '" + link + "' is absolute or empty");
                }
                if (!target.getParent().resolve(link).normalize().startsWith(root)) {
                    throw refused(e, "symbolic link target '" + link + "' leaves the slug root");
                }
                Files.createSymbolicLink(target, Path.of(link));
                links.add(target);
            } else if (e.isLink()) {
                Path source = root.resolve(relative(e.getLinkName())).normalize();
                if (!source.startsWith(root) || !Files.isRegularFile(source, LinkOption.NOFOLLOW_LINKS)) {
                    throw refused(e, "hard link target '" + e.getLinkName() + "' is not a file extracted before");
                }
                checkParents(root, source.getParent(), e);
                Files.createLink(target, source);
            } else if (e.isFile()) {
                bytes += e.getSize();
                if (bytes > maxBytes) {
                    throw new SlugException("slug unpacks to more than " + maxBytes + " bytes");
                }
                try (OutputStream out = Files.newOutputStream(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                    tar.transferTo(out);
                }
                setMode(target, e.getMode());
            } else {
                throw refused(e, "entry type is not a file, directory or link (device, FIFO or sparse file)");
            }
        }
        // The lexical check above cannot see ".." after a link to a directory (d/l -> .., then
        // m -> d/l/..): resolve every link that resolves now and require it to stay inside.
        for (Path link : links) {
            Path real;
            try {
                real = link.toRealPath();
            } catch (java.nio.file.NoSuchFileException dangling) {
                continue;
            }
            if (!real.startsWith(root)) {
                throw new SlugException("refused slug entry '" + root.relativize(link) + "': symbolic link resolves outside the slug root");
            }
        }
        for (int i = dirModes.size() - 1; i >= 0; i--) {
            dirModes.get(i).run();
        }
    }

    /** Strips "./" and trailing "/"; refuses absolute names and ".." components. */
    static String relative(String name) throws SlugException {
        if (name.startsWith("/") || name.indexOf('\0') >= 0 || name.indexOf('\\') >= 0) {
            throw new SlugException("refused slug entry '" + printable(name) + "': absolute or malformed name");
        }
        List<String> parts = new ArrayList<>();
        for (String part : name.split("/")) {
            if (part.equals("..")) {
                throw new SlugException("refused slug entry '" + printable(name) + "': '..' in the path");
            }
            if (!part.isEmpty() && !part.equals(".")) {
                parts.add(part);
            }
        }
        return String.join("/", parts);
    }

    private static void checkParents(Path root, Path dir, TarArchiveEntry e) throws IOException {
        // Walk down from the root: each existing component must be a real directory, never a link.
        Path p = root;
        for (Path part : root.relativize(dir)) {
            p = p.resolve(part);
            if (Files.isSymbolicLink(p)) {
                throw refused(e, "a parent directory is a symbolic link");
            }
            if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
                Files.createDirectory(p);
            } else if (!Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                throw refused(e, "a parent is not a directory");
            }
        }
    }

    private static void setMode(Path p, int mode) {
        Set<PosixFilePermission> perms = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] order = {
            PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
            PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ};
        for (int bit = 0; bit < order.length; bit++) {
            if ((mode & (1 << bit)) != 0) {
                perms.add(order[bit]);
            }
        }
        // The owner keeps read and write so that the runtime can delete the tree later.
        perms.add(PosixFilePermission.OWNER_READ);
        perms.add(PosixFilePermission.OWNER_WRITE);
        if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
            perms.add(PosixFilePermission.OWNER_EXECUTE);
        }
        try {
            Files.setPosixFilePermissions(p, perms);
        } catch (IOException ex) {
            throw new java.io.UncheckedIOException(ex);
        }
    }

    private static SlugException refused(TarArchiveEntry e, String why) {
        return new SlugException("refused slug entry '" + printable(e.getName()) + "': " + why);
    }

    private static String printable(String s) {
        return s.replaceAll("[\\p{Cntrl}]", "?");
    }
}
