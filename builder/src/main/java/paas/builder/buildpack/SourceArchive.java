package paas.builder.buildpack;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import paas.vocabulary.tar.SafeTar;
import paas.vocabulary.tar.TarPaths;
import paas.vocabulary.tar.UnsafeTarException;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;

/**
 * Turns the pushed source (a tar or tar.gz) into the tar uploaded as the build directory: names
 * checked (no absolute paths, no "..", no links leaving the app), only files, directories and
 * links kept, {@code .slugignore} applied, every entry owned by the build user and writable by it.
 * With an {@link AppBase}, only that subdirectory is kept, as the app's root. Reads the source
 * once when given the ignore rules, twice otherwise (once for {@code .slugignore}); holds no
 * state between calls.
 */
public final class SourceArchive {
    public static final String SLUGIGNORE = ".slugignore";
    public static final int MAX_SLUGIGNORE_BYTES = 64 * 1024;

    /** What went into the upload. */
    public record Prepared(long entries, long bytes, int ignored, List<String> unsupportedIgnoreLines) {
        public Prepared {
            unsupportedIgnoreLines = List.copyOf(unsupportedIgnoreLines);
        }
    }

    private SourceArchive() {
    }

    /**
     * @param out receives an uncompressed tar of the app's files (relative names); not closed
     * @throws UnsafeTarException for a refused entry or a source over the limits
     */
    public static Prepared prepare(Path source, OutputStream out, int uid, int gid, SafeTar.Limits limits) throws IOException {
        return prepare(source, AppBase.ROOT, out, uid, gid, limits);
    }

    /**
     * @param base the directory of the source that is the app; its files become the build's root
     * @throws AppBase.MissingException when the source has no such directory
     */
    public static Prepared prepare(Path source, AppBase base, OutputStream out, int uid, int gid, SafeTar.Limits limits)
            throws IOException {
        return prepare(source, base, readSlugIgnore(source, base), out, uid, gid, limits);
    }

    /**
     * As {@link #prepare(Path, AppBase, OutputStream, int, int, SafeTar.Limits)}, with the given
     * ignore rules in place of the app's {@code .slugignore} ({@link SlugIgnore#none()} keeps every file,
     * as Dockerfile builds do).
     */
    public static Prepared prepare(Path source, AppBase base, SlugIgnore ignore, OutputStream out, int uid, int gid,
                                   SafeTar.Limits limits) throws IOException {
        boolean baseSeen = base.isRoot();
        long entries = 0;
        long bytes = 0;
        int ignored = 0;
        Set<String> dropped = new HashSet<>();
        Set<String> dirs = new HashSet<>();
        try (InputStream raw = open(source)) {
            TarArchiveInputStream in = new TarArchiveInputStream(raw, "UTF-8");
            TarArchiveOutputStream tar = new TarArchiveOutputStream(out, "UTF-8");
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            tar.setAddPaxHeadersForNonAsciiNames(true);
            TarArchiveEntry e;
            while ((e = in.getNextEntry()) != null) {
                if (e.isGlobalPaxHeader() || e.isPaxHeader()) {
                    continue;
                }
                if (++entries > limits.maxEntries()) {
                    throw new UnsafeTarException("the source has more than " + limits.maxEntries() + " entries");
                }
                String rel = base.within(TarPaths.relative(e.getName()));
                if (rel == null) {
                    continue;
                }
                baseSeen |= e.isDirectory() || !rel.isEmpty();
                if (rel.isEmpty()) {
                    continue;
                }
                if (ignore.ignores(rel, e.isDirectory())) {
                    ignored++;
                    dropped.add(rel);
                    continue;
                }
                emitParents(tar, rel, dirs, uid, gid);
                TarArchiveEntry copy;
                if (e.isDirectory()) {
                    if (!dirs.add(rel)) {
                        continue;
                    }
                    copy = new TarArchiveEntry(rel + "/");
                    copy.setMode((e.getMode() & 0777) | 0700);
                } else if (e.isSymbolicLink()) {
                    if (!TarPaths.linkStaysInside(rel, e.getLinkName())) {
                        throw new UnsafeTarException("the source holds a symbolic link '" + TarPaths.printable(rel)
                                + "' -> '" + TarPaths.printable(e.getLinkName())
                                + "' that leaves the app; make it a relative link inside the repository");
                    }
                    copy = new TarArchiveEntry(rel, TarConstants.LF_SYMLINK);
                    copy.setLinkName(e.getLinkName());
                    copy.setMode(0777);
                } else if (e.isLink()) {
                    String target = base.within(TarPaths.relative(e.getLinkName()));
                    if (target == null) {
                        throw new UnsafeTarException("the source holds a hard link '" + TarPaths.printable(rel)
                                + "' to a file outside " + base + "; copy the file instead");
                    }
                    if (dropped.contains(target) || ignore.ignores(target, false)) {
                        ignored++;
                        continue;
                    }
                    copy = new TarArchiveEntry(rel, TarConstants.LF_LINK);
                    copy.setLinkName(target);
                    copy.setMode((e.getMode() & 0777) | 0600);
                } else if (isRegular(e)) {
                    if (e.getSize() > limits.maxEntryBytes()) {
                        throw new UnsafeTarException("source file '" + TarPaths.printable(rel) + "' is " + e.getSize()
                                + " bytes, over the limit of " + limits.maxEntryBytes());
                    }
                    bytes += e.getSize();
                    if (bytes > limits.maxTotalBytes()) {
                        throw new UnsafeTarException("the source holds more than " + limits.maxTotalBytes() + " bytes");
                    }
                    copy = new TarArchiveEntry(rel);
                    copy.setSize(e.getSize());
                    copy.setMode((e.getMode() & 0777) | 0600);
                } else {
                    throw new UnsafeTarException("the source holds '" + TarPaths.printable(rel)
                            + "', which is not a file, directory or link");
                }
                copy.setModTime(e.getLastModifiedDate());
                copy.setIds(uid, gid);
                copy.setNames("", "");
                tar.putArchiveEntry(copy);
                if (copy.getLinkFlag() == TarConstants.LF_NORMAL) {
                    in.transferTo(tar);
                }
                tar.closeArchiveEntry();
            }
            tar.finish();
        }
        if (!baseSeen) {
            throw new AppBase.MissingException(base);
        }
        return new Prepared(entries, bytes, ignored, ignore.unsupported());
    }

    /** Docker would create a missing parent as root; emit it first, owned by the build user. */
    private static void emitParents(TarArchiveOutputStream tar, String rel, Set<String> dirs, int uid, int gid) throws IOException {
        int slash = -1;
        while ((slash = rel.indexOf('/', slash + 1)) > 0) {
            String dir = rel.substring(0, slash);
            if (dirs.add(dir)) {
                TarArchiveEntry d = new TarArchiveEntry(dir + "/");
                d.setMode(0755);
                d.setIds(uid, gid);
                d.setNames("", "");
                tar.putArchiveEntry(d);
                tar.closeArchiveEntry();
            }
        }
    }

    private static SlugIgnore readSlugIgnore(Path source, AppBase base) throws IOException {
        return slugIgnore(readFiles(source, base, Map.of(SLUGIGNORE, MAX_SLUGIGNORE_BYTES)).get(SLUGIGNORE));
    }

    /**
     * The rules of an app's {@code .slugignore}, as {@link #readFiles} read it ({@code null}: the
     * app has none).
     *
     * @throws UnsafeTarException when it is over {@link #MAX_SLUGIGNORE_BYTES}
     */
    public static SlugIgnore slugIgnore(byte[] text) throws UnsafeTarException {
        if (text == null) {
            return SlugIgnore.none();
        }
        if (text.length > MAX_SLUGIGNORE_BYTES) {
            throw new UnsafeTarException(SLUGIGNORE + " is " + text.length + " bytes, over the limit of "
                    + MAX_SLUGIGNORE_BYTES);
        }
        return SlugIgnore.parse(new String(text, StandardCharsets.UTF_8));
    }

    /**
     * Reads small files of the app (the Procfile, a Dockerfile, heroku.yml, .slugignore) in one
     * pass over the source, without unpacking it.
     *
     * @param maxBytesByName paths relative to the base, each with the most bytes it may have; only
     *                       regular files count (a link is not followed)
     * @return the files found, by name
     * @throws UnsafeTarException for a named file over its limit
     */
    public static Map<String, byte[]> readFiles(Path source, AppBase base, Map<String, Integer> maxBytesByName)
            throws IOException {
        Set<String> names = maxBytesByName.keySet();
        Map<String, byte[]> found = new HashMap<>();
        try (InputStream raw = open(source)) {
            TarArchiveInputStream in = new TarArchiveInputStream(raw, "UTF-8");
            TarArchiveEntry e;
            while ((e = in.getNextEntry()) != null && found.size() < names.size()) {
                if (e.isGlobalPaxHeader() || e.isPaxHeader() || !isRegular(e)) {
                    continue;
                }
                String rel = base.within(TarPaths.relative(e.getName()));
                if (rel != null && names.contains(rel)) {
                    int maxBytes = maxBytesByName.get(rel);
                    if (e.getSize() > maxBytes) {
                        throw new UnsafeTarException(TarPaths.printable(rel) + " is " + e.getSize()
                                + " bytes, over the limit of " + maxBytes);
                    }
                    ByteArrayOutputStream buf = new ByteArrayOutputStream();
                    in.transferTo(buf);
                    found.put(rel, buf.toByteArray());
                }
            }
        }
        return found;
    }

    private static boolean isRegular(TarArchiveEntry e) {
        byte flag = e.getLinkFlag();
        return !e.isSparse() && (flag == TarConstants.LF_NORMAL || flag == TarConstants.LF_OLDNORM
                || flag == TarConstants.LF_CONTIG);
    }

    private static InputStream open(Path source) throws IOException {
        InputStream in = new BufferedInputStream(Files.newInputStream(source), 65536);
        in.mark(2);
        int b1 = in.read();
        int b2 = in.read();
        in.reset();
        return (b1 == 0x1f && b2 == 0x8b) ? new GZIPInputStream(in, 65536) : in;
    }
}
