package paas.api;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import paas.vocabulary.FileTrees;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * The data dir (PAAS_DATA_DIR) holds the store, slugs, repositories and build state: only
 * paasd's own user may enter it. It is created mode 0700, and a wider mode found at start is
 * narrowed, with a log line. The embedded store's files are narrowed to 0600 as well, since H2
 * creates them with the process umask. bin/paasd and the service unit also set umask 077, so
 * whatever else paasd writes there is created 0600 and 0700.
 */
final class DataDir {
    private static final Logger log = LoggerFactory.getLogger("paasd");
    static final Set<PosixFilePermission> DIR_MODE = PosixFilePermissions.fromString("rwx------");
    static final Set<PosixFilePermission> FILE_MODE = PosixFilePermissions.fromString("rw-------");

    private DataDir() {
    }

    /** Creates the data dir when missing; anything unusable stops paasd with the fix. */
    static void prepare(Path dir) {
        try {
            if (Files.exists(dir) && !Files.isDirectory(dir)) {
                throw new Unusable("PAAS_DATA_DIR=" + dir + " is a file, not a directory: point"
                        + " PAAS_DATA_DIR at a directory");
            }
            if (!Files.exists(dir)) {
                Files.createDirectories(dir.toAbsolutePath().getParent());
                Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(DIR_MODE));
            }
            if (!Files.isWritable(dir)) {
                throw new Unusable("PAAS_DATA_DIR=" + dir + " is not writable by this user: fix its"
                        + " permissions or point PAAS_DATA_DIR elsewhere");
            }
            narrow(dir, DIR_MODE);
        } catch (IOException e) {
            throw new Unusable("cannot create PAAS_DATA_DIR=" + dir + " (" + e.getMessage()
                    + "): point PAAS_DATA_DIR at a writable directory");
        }
    }

    /**
     * The data dir's scratch space ({@code tmp}): exported sources, build work dirs, slugs being
     * unpacked into images. Nothing there outlives the operation that wrote it, so whatever a
     * killed paasd left behind is removed at the next start by {@link #emptyScratch}. It lives in
     * the data dir rather than the system's temp dir so it is 0700 and on the slugs' file system.
     */
    static Path scratch(Path dataDir) {
        return dataDir.resolve("tmp");
    }

    /** Removes what an earlier paasd left in the scratch space; called once the store is open. */
    static void emptyScratch(Path dataDir) {
        Path scratch = scratch(dataDir);
        if (!Files.isDirectory(scratch, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try {
            boolean empty;
            try (DirectoryStream<Path> left = Files.newDirectoryStream(scratch)) {
                empty = !left.iterator().hasNext();
            }
            if (!empty) {
                FileTrees.delete(scratch);
                log.info("removed the scratch files an earlier paasd left in {}", scratch);
            }
        } catch (IOException e) {
            log.warn("could not empty {} of an earlier paasd's scratch files: {}", scratch, e.toString());
        }
    }

    /** Narrows the embedded store's files ({@code paas.*.db}) to 0600. */
    static void narrowStoreFiles(Path dir) {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "paas.*.db")) {
            for (Path file : files) {
                narrow(file, FILE_MODE);
            }
        } catch (IOException e) {
            log.warn("could not narrow the store's files in {} to mode 0600: {}", dir, e.getMessage());
        }
    }

    static void narrow(Path path, Set<PosixFilePermission> mode) throws IOException {
        Set<PosixFilePermission> now = Files.getPosixFilePermissions(path);
        if (!now.equals(mode)) {
            Files.setPosixFilePermissions(path, mode);
            log.info("narrowed {} from mode {} to {}: only paasd's user may read it", path,
                    PosixFilePermissions.toString(now), PosixFilePermissions.toString(mode));
        }
    }

    /** The data dir cannot be used; the message names the fix. */
    static final class Unusable extends RuntimeException {
        Unusable(String message) {
            super(message);
        }
    }
}
