package paas.builder.support;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/** Builds tars for tests, hostile ones included (no name checks here on purpose). */
public final class Tars {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final TarArchiveOutputStream tar;

    public Tars() {
        tar = new TarArchiveOutputStream(bytes, "UTF-8");
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
    }

    public Tars dir(String name) {
        return put(new TarArchiveEntry(name.endsWith("/") ? name : name + "/"), null);
    }

    public Tars file(String name, String content) {
        return file(name, content.getBytes(StandardCharsets.UTF_8), 0644);
    }

    public Tars file(String name, byte[] content, int mode) {
        TarArchiveEntry e = new TarArchiveEntry(name, true);
        e.setSize(content.length);
        e.setMode(mode);
        return put(e, content);
    }

    public Tars symlink(String name, String target) {
        TarArchiveEntry e = new TarArchiveEntry(name, TarConstants.LF_SYMLINK, true);
        e.setLinkName(target);
        return put(e, null);
    }

    public Tars hardlink(String name, String target) {
        TarArchiveEntry e = new TarArchiveEntry(name, TarConstants.LF_LINK, true);
        e.setLinkName(target);
        return put(e, null);
    }

    public Tars entry(TarArchiveEntry e, byte[] content) {
        return put(e, content);
    }

    private Tars put(TarArchiveEntry e, byte[] content) {
        try {
            tar.putArchiveEntry(e);
            if (content != null) {
                tar.write(content);
            }
            tar.closeArchiveEntry();
            return this;
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    public byte[] bytes() {
        try {
            tar.finish();
            return bytes.toByteArray();
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    public InputStream stream() {
        return new ByteArrayInputStream(bytes());
    }

    public Path writeTo(Path file) throws IOException {
        Files.write(file, bytes());
        return file;
    }

    /** A tar of a directory's contents (relative names), keeping modes and symbolic links. */
    public static void ofDirectory(Path dir, OutputStream out) throws IOException {
        TarArchiveOutputStream tar = new TarArchiveOutputStream(out, "UTF-8");
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) walk.sorted()::iterator) {
                if (p.equals(dir)) {
                    continue;
                }
                String rel = dir.relativize(p).toString();
                TarArchiveEntry e;
                if (Files.isSymbolicLink(p)) {
                    e = new TarArchiveEntry(rel, TarConstants.LF_SYMLINK);
                    e.setLinkName(Files.readSymbolicLink(p).toString());
                } else if (Files.isDirectory(p)) {
                    e = new TarArchiveEntry(rel + "/");
                    e.setMode(mode(p));
                } else {
                    e = new TarArchiveEntry(rel);
                    e.setSize(Files.size(p));
                    e.setMode(mode(p));
                }
                e.setIds(1000, 1000);
                tar.putArchiveEntry(e);
                if (e.isFile() && !e.isSymbolicLink()) {
                    Files.copy(p, tar);
                }
                tar.closeArchiveEntry();
            }
        }
        tar.finish();
    }

    public static Path ofDirectory(Path dir, Path file) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            ofDirectory(dir, out);
        }
        return file;
    }

    /** Name to content (null for directories, "-> target" for links) of a tar or tar.gz. */
    public static Map<String, String> list(Path archive) throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        try (InputStream raw = Files.newInputStream(archive)) {
            byte[] all = raw.readAllBytes();
            InputStream in = new ByteArrayInputStream(all);
            if (all.length > 2 && (all[0] & 0xff) == 0x1f && (all[1] & 0xff) == 0x8b) {
                in = new GZIPInputStream(in);
            }
            TarArchiveInputStream tar = new TarArchiveInputStream(in, "UTF-8");
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) {
                if (e.isDirectory()) {
                    out.put(e.getName(), null);
                } else if (e.isSymbolicLink() || e.isLink()) {
                    out.put(e.getName(), "-> " + e.getLinkName());
                } else {
                    out.put(e.getName(), new String(tar.readAllBytes(), StandardCharsets.UTF_8));
                }
            }
        }
        return out;
    }

    private static int mode(Path p) throws IOException {
        Set<PosixFilePermission> perms = Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS);
        int mode = 0;
        for (PosixFilePermission perm : perms) {
            mode |= switch (perm) {
                case OWNER_READ -> 0400;
                case OWNER_WRITE -> 0200;
                case OWNER_EXECUTE -> 0100;
                case GROUP_READ -> 040;
                case GROUP_WRITE -> 020;
                case GROUP_EXECUTE -> 010;
                case OTHERS_READ -> 04;
                case OTHERS_WRITE -> 02;
                case OTHERS_EXECUTE -> 01;
            };
        }
        return mode;
    }
}
