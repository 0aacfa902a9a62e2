package paas.builder.slug;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import paas.vocabulary.tar.SafeTar;
import paas.vocabulary.tar.TarPaths;
import paas.vocabulary.tar.UnsafeTarException;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.zip.GZIPOutputStream;

/**
 * Re-packs the tar stream of a directory (as the Docker engine's archive endpoint gives it, every
 * name under one top directory such as {@code app/}) into a slug: a tar.gz of that directory's
 * contents, with POSIX long names and big numbers, owned by uid/gid 1000, set-uid bits dropped.
 * The slug's sha256 and size are computed while it is written; the root {@code Procfile} is
 * captured on the way (up to {@link #MAX_PROCFILE_BYTES}).
 *
 * <p>A slug is refused when it would not extract with {@link SafeTar}: symbolic links leaving
 * the directory, device files, FIFOs. Over the size limit, the file is deleted as soon as the
 * limit is crossed and the packing goes on without writing, only to report the full size.
 * Nothing is left in the work directory when {@code pack} throws. Thread-safe (no state).
 */
public final class SlugPacker {
    /** A Procfile larger than this fails the build. */
    public static final int MAX_PROCFILE_BYTES = 64 * 1024;
    /** Owner of every entry: the stack's build and run user. */
    public static final int SLUG_UID = 1000;

    /** A packed slug file, not yet in a store. {@code procfile} holds the root Procfile's bytes. */
    public record Packed(Path file, String sha256, long sizeBytes, Optional<byte[]> procfile) {
    }

    /** The packed slug would be larger than allowed. */
    public static final class SlugTooLargeException extends IOException {
        private final long sizeBytes;
        private final long limitBytes;

        public SlugTooLargeException(long sizeBytes, long limitBytes) {
            super("slug is " + humanBytes(sizeBytes) + " (" + sizeBytes + " bytes), over the limit of "
                    + humanBytes(limitBytes) + " (" + limitBytes + " bytes); list large files that the app"
                    + " does not need at run time in .slugignore, or raise the slug limit");
            this.sizeBytes = sizeBytes;
            this.limitBytes = limitBytes;
        }

        public long sizeBytes() {
            return sizeBytes;
        }

        public long limitBytes() {
            return limitBytes;
        }
    }

    private final Path workDir;

    /** @param workDir where slug files are written before they move to a store */
    public SlugPacker(Path workDir) {
        this.workDir = workDir;
    }

    /**
     * @param dirTar  uncompressed tar whose entries all sit under {@code topDir/}; not closed
     * @param topDir  the top directory name to strip, e.g. "app"
     * @param maxSlugBytes the largest compressed slug accepted
     */
    public Packed pack(InputStream dirTar, String topDir, long maxSlugBytes) throws IOException {
        Files.createDirectories(workDir);
        Path file = Files.createTempFile(workDir, "slug-", ".tgz.part");
        LimitedDigestStream sink;
        byte[] procfile = null;
        try {
            sink = new LimitedDigestStream(Files.newOutputStream(file), maxSlugBytes, file);
            try (TarArchiveOutputStream out = new TarArchiveOutputStream(
                    new GZIPOutputStream(new BufferedOutputStream(sink, 65536), 65536), "UTF-8")) {
                out.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
                out.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
                out.setAddPaxHeadersForNonAsciiNames(true);
                TarArchiveInputStream in = new TarArchiveInputStream(dirTar, "UTF-8");
                TarArchiveEntry entry;
                while ((entry = in.getNextEntry()) != null) {
                    if (entry.isGlobalPaxHeader() || entry.isPaxHeader()) {
                        continue;
                    }
                    String rel = strip(TarPaths.relative(entry.getName()), topDir, entry.getName());
                    if (rel.isEmpty()) {
                        continue;
                    }
                    byte[] captured = copyEntry(entry, rel, in, out, topDir);
                    if (captured != null) {
                        procfile = captured;
                    }
                }
                out.finish();
            }
            if (sink.over()) {
                throw new SlugTooLargeException(sink.count(), maxSlugBytes);
            }
            return new Packed(file, sink.hex(), sink.count(), Optional.ofNullable(procfile));
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(file);
            throw e;
        }
    }

    private static byte[] copyEntry(TarArchiveEntry entry, String rel, TarArchiveInputStream in,
                                    TarArchiveOutputStream out, String topDir) throws IOException {
        TarArchiveEntry copy;
        byte[] captured = null;
        if (entry.isDirectory()) {
            copy = new TarArchiveEntry(rel + "/");
        } else if (entry.isSymbolicLink()) {
            if (!TarPaths.linkStaysInside(rel, entry.getLinkName())) {
                throw new UnsafeTarException("the app holds a symbolic link '" + TarPaths.printable(rel) + "' -> '"
                        + TarPaths.printable(entry.getLinkName()) + "' that leaves /" + topDir
                        + "; make it a relative link inside the app or copy the file");
            }
            copy = new TarArchiveEntry(rel, TarConstants.LF_SYMLINK);
            copy.setLinkName(entry.getLinkName());
        } else if (entry.isLink()) {
            copy = new TarArchiveEntry(rel, TarConstants.LF_LINK);
            copy.setLinkName(strip(TarPaths.relative(entry.getLinkName()), topDir, entry.getLinkName()));
        } else if (entry.isCharacterDevice() || entry.isBlockDevice() || entry.isFIFO() || entry.isSparse()
                || !(entry.getLinkFlag() == TarConstants.LF_NORMAL || entry.getLinkFlag() == TarConstants.LF_OLDNORM
                || entry.getLinkFlag() == TarConstants.LF_CONTIG)) {
            throw new UnsafeTarException("the app holds '" + TarPaths.printable(rel)
                    + "', which is not a file, directory or link (device, FIFO or socket); remove it in the build");
        } else {
            copy = new TarArchiveEntry(rel);
            copy.setSize(entry.getSize());
        }
        copy.setMode(entry.getMode() & 0777);
        copy.setModTime(entry.getLastModifiedDate());
        copy.setIds(SLUG_UID, SLUG_UID);
        copy.setNames("", "");
        out.putArchiveEntry(copy);
        if (copy.isFile() && copy.getLinkFlag() == TarConstants.LF_NORMAL) {
            if (rel.equals("Procfile")) {
                captured = copyCapturing(in, out, entry.getSize());
            } else {
                in.transferTo(out);
            }
        }
        out.closeArchiveEntry();
        return captured;
    }

    private static byte[] copyCapturing(InputStream in, OutputStream out, long size) throws IOException {
        if (size > MAX_PROCFILE_BYTES) {
            throw new UnsafeTarException("the Procfile is " + size + " bytes, over the limit of "
                    + MAX_PROCFILE_BYTES + " bytes");
        }
        ByteArrayOutputStream buf = new ByteArrayOutputStream((int) size);
        in.transferTo(buf);
        byte[] bytes = buf.toByteArray();
        out.write(bytes);
        return bytes;
    }

    private static String strip(String rel, String topDir, String original) throws UnsafeTarException {
        if (rel.equals(topDir)) {
            return "";
        }
        if (!rel.startsWith(topDir + "/")) {
            throw new UnsafeTarException("refused tar entry '" + TarPaths.printable(original)
                    + "': not under " + topDir + "/");
        }
        return rel.substring(topDir.length() + 1);
    }

    public static String humanBytes(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KB", "MB", "GB", "TB"};
        double v = bytes;
        int i = -1;
        do {
            v /= 1024;
            i++;
        } while (v >= 1024 && i < units.length - 1);
        return String.format(java.util.Locale.ROOT, "%.1f %s", v, units[i]);
    }

    /** Counts and hashes bytes; past the limit deletes the file and only counts. */
    private static final class LimitedDigestStream extends OutputStream {
        private final OutputStream file;
        private final long limit;
        private final Path path;
        private final MessageDigest digest;
        private long count;
        private boolean over;
        private boolean closed;

        LimitedDigestStream(OutputStream file, long limit, Path path) {
            this.file = file;
            this.limit = limit;
            this.path = path;
            try {
                this.digest = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[]{(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            count += len;
            if (over) {
                return;
            }
            if (count > limit) {
                over = true;
                file.close();
                Files.deleteIfExists(path);
                return;
            }
            digest.update(b, off, len);
            file.write(b, off, len);
        }

        @Override
        public void flush() throws IOException {
            if (!over) {
                file.flush();
            }
        }

        @Override
        public void close() throws IOException {
            if (!closed) {
                closed = true;
                file.close();
            }
        }

        boolean over() {
            return over;
        }

        long count() {
            return count;
        }

        String hex() {
            return HexFormat.of().formatHex(digest.digest());
        }
    }
}
