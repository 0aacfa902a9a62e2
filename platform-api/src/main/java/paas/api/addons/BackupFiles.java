package paas.api.addons;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The dumps of PostgreSQL add-ons in the data dir: {@code DATA/addons/ADDON_ID/backups/BACKUP_ID.dump},
 * readable by paasd's user only (directories 0700, files 0600). A dump is written under
 * {@code .partial}, synced, checked, and only then renamed to its name, so a file by that name is
 * always whole. Thread-safe (no state but the root).
 */
final class BackupFiles {
    private static final Logger log = LoggerFactory.getLogger("paasd.backups");
    /** What every archive of {@code pg_dump -Fc} starts with. */
    static final byte[] MAGIC = {'P', 'G', 'D', 'M', 'P'};
    private static final String DUMP = ".dump";
    private static final String PARTIAL = ".dump.partial";

    private final Path root;

    /** @param root {@code DATA/addons} */
    BackupFiles(Path root) {
        this.root = root;
    }

    Path dump(UUID addonId, UUID backupId) {
        return dir(addonId).resolve(backupId + DUMP);
    }

    private Path partial(UUID addonId, UUID backupId) {
        return dir(addonId).resolve(backupId + PARTIAL);
    }

    private Path dir(UUID addonId) {
        return root.resolve(addonId.toString()).resolve("backups");
    }

    /** A new, empty partial file for the backup, its directories made first (0700). */
    Writing create(UUID addonId, UUID backupId) throws IOException {
        Path dir = dir(addonId);
        for (Path d : new Path[]{root, root.resolve(addonId.toString()), dir}) {
            if (!Files.isDirectory(d)) {
                Files.createDirectories(d, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            }
        }
        Path partial = partial(addonId, backupId);
        FileChannel channel = FileChannel.open(partial, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        return new Writing(partial, dump(addonId, backupId), channel);
    }

    /**
     * A dump being written. Its stream never throws to the copier that feeds it (a docker exec's
     * output): the first write failure (a full disk) is kept, later bytes are dropped, and
     * {@link #complete} reports it.
     */
    static final class Writing implements AutoCloseable {
        private final Path partial;
        private final Path target;
        private final FileChannel channel;
        private final byte[] head = new byte[MAGIC.length];
        private long written;
        private IOException failure;
        /** Not a monitor: file writes and syncs block, and a virtual thread blocked in one pins its carrier (JDK 21-23). */
        private final ReentrantLock lock = new ReentrantLock();

        Writing(Path partial, Path target, FileChannel channel) {
            this.partial = partial;
            this.target = target;
            this.channel = channel;
        }

        OutputStream stream() {
            return new OutputStream() {
                @Override
                public void write(int b) {
                    write(new byte[]{(byte) b}, 0, 1);
                }

                @Override
                public void write(byte[] b, int off, int len) {
                    accept(b, off, len);
                }
            };
        }

        private void accept(byte[] b, int off, int len) {
            lock.lock();
            try {
                acceptLocked(b, off, len);
            } finally {
                lock.unlock();
            }
        }

        private void acceptLocked(byte[] b, int off, int len) {
            if (failure != null || len == 0) {
                return;
            }
            for (int i = 0; i < len && written + i < head.length; i++) {
                head[(int) written + i] = b[off + i];
            }
            try {
                ByteBuffer buffer = ByteBuffer.wrap(b, off, len);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                written += len;
            } catch (IOException e) {
                failure = e;
            }
        }

        /** How many bytes reached the file so far. */
        long written() {
            lock.lock();
            try {
                return written;
            } finally {
                lock.unlock();
            }
        }

        /**
         * Syncs the file, checks it is a custom-format archive, renames it to its final name and
         * syncs the directory. Answers the size.
         *
         * @throws IOException the first write failure, or why the file is not a whole dump
         */
        long complete() throws IOException {
            lock.lock();
            try {
                return completeLocked();
            } finally {
                lock.unlock();
            }
        }

        private long completeLocked() throws IOException {
            if (failure != null) {
                throw failure;
            }
            channel.force(true);
            channel.close();
            if (written < MAGIC.length || !Arrays.equals(head, MAGIC)) {
                throw new IOException("pg_dump wrote " + written + " bytes that are not a custom-format archive");
            }
            try {
                Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("cannot rename " + partial + " in place: " + e.getMessage(), e);
            }
            syncDirectory(target.getParent());
            return written;
        }

        /** Closes and removes the partial file, if still there. */
        @Override
        public void close() {
            lock.lock();
            try {
                closeLocked();
            } finally {
                lock.unlock();
            }
        }

        private void closeLocked() {
            try {
                channel.close();
            } catch (IOException e) {
                log.debug("closing {}: {}", partial, e.toString());
            }
            try {
                Files.deleteIfExists(partial);
            } catch (IOException e) {
                log.warn("cannot remove the partial backup {}: {}", partial, e.toString());
            }
        }
    }

    InputStream open(UUID addonId, UUID backupId) throws IOException {
        return Files.newInputStream(dump(addonId, backupId));
    }

    /** Removes the backup's dump and a partial one; true when there was one. */
    boolean delete(UUID addonId, UUID backupId) {
        try {
            boolean partial = Files.deleteIfExists(partial(addonId, backupId));
            return Files.deleteIfExists(dump(addonId, backupId)) || partial;
        } catch (IOException e) {
            log.warn("cannot remove backup {} of add-on {}: {}", backupId, addonId, e.toString());
            return false;
        }
    }

    /**
     * The files and add-on directories under the root, for {@link Swept#removeUnnamed}: files no
     * backup row names (whose row went with its add-on or app) and directories of add-ons that are
     * gone are removed. List the files before reading the rows: a row is committed before its file exists, so
     * a file listed first has its row in what is read after.
     */
    Swept listForSweep() throws IOException {
        Set<Path> files = new HashSet<>();
        Set<Path> addonDirs = new HashSet<>();
        if (!Files.isDirectory(root)) {
            return new Swept(Set.of(), Set.of());
        }
        try (DirectoryStream<Path> addons = Files.newDirectoryStream(root)) {
            for (Path addon : addons) {
                addonDirs.add(addon);
                Path backups = addon.resolve("backups");
                if (Files.isDirectory(backups)) {
                    try (DirectoryStream<Path> dumps = Files.newDirectoryStream(backups)) {
                        dumps.forEach(files::add);
                    }
                }
            }
        }
        return new Swept(files, addonDirs);
    }

    record Swept(Set<Path> files, Set<Path> addonDirs) {
        /** Removes what {@code backupIds} and {@code addonIds} do not name; answers how many files went. */
        int removeUnnamed(Collection<UUID> backupIds, Collection<UUID> addonIds) {
            Set<String> named = new HashSet<>();
            backupIds.forEach(id -> {
                named.add(id + DUMP);
                named.add(id + PARTIAL); // a running backup's; a finished one removes its own
            });
            Set<String> addons = new HashSet<>();
            addonIds.forEach(id -> addons.add(id.toString()));
            int removed = 0;
            for (Path file : files) {
                if (!named.contains(file.getFileName().toString()) && deleteQuietly(file)) {
                    removed++;
                }
            }
            for (Path dir : addonDirs) {
                if (!addons.contains(dir.getFileName().toString())) {
                    deleteQuietly(dir.resolve("backups"));
                    deleteQuietly(dir);
                }
            }
            return removed;
        }
    }

    private static boolean deleteQuietly(Path path) {
        try {
            return Files.deleteIfExists(path);
        } catch (NoSuchFileException e) {
            return false;
        } catch (IOException e) {
            log.warn("cannot remove {}: {}", path, e.toString());
            return false;
        }
    }

    private static void syncDirectory(Path dir) throws IOException {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        }
    }
}
