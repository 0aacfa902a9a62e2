package paas.api.store;

import org.h2.mvstore.MVStore;
import org.h2.mvstore.MVStoreException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Brings an embedded H2 file back to its newest complete commit before H2 opens it for paasd.
 *
 * <p>Why this exists: H2 2.5 writes its file header, the pointer from which it finds the
 * newest chunk after an unclean stop, only when a chunk is not written at the end of the file,
 * and then it points the header at the chunk <em>before</em> the new one. Once old chunks are
 * freed (45 s after they stop being used), new chunks go into that freed space, and the header
 * names a chunk whose "next" pointer leads to the end of the file, not to the new chunk. After a
 * {@code kill -9}, H2's quick recovery follows that pointer, stops at the old chunk and carries
 * on from there: every commit since is gone, and the next run overwrites the same space again,
 * so a store that keeps being killed keeps coming back to the same old state.
 *
 * <p>H2's recovery mode does not take that shortcut: it scans the whole file for valid chunks
 * and picks the newest one whose every referenced chunk is intact. Opening the file once that
 * way and closing it cleanly writes a header that points at that chunk, so the normal open that
 * follows finds every commit. The scan reads each block once; a paasd store of a few megabytes
 * takes milliseconds. {@code CrashRecoveryTest} and {@code CrashConsistencyIT} show the loss
 * without it.
 */
final class EmbeddedStoreRecovery {
    private EmbeddedStoreRecovery() {
    }

    /**
     * The H2 file behind {@code jdbcUrl}, when it names one on disk: {@code jdbc:h2:PATH},
     * {@code jdbc:h2:file:PATH}, {@code jdbc:h2:async:PATH} or {@code jdbc:h2:nio:PATH}.
     * In-memory and server URLs have none.
     */
    static Optional<Path> fileOf(String jdbcUrl) {
        if (!jdbcUrl.startsWith("jdbc:h2:")) {
            return Optional.empty();
        }
        String rest = jdbcUrl.substring("jdbc:h2:".length());
        int settings = rest.indexOf(';');
        String name = settings < 0 ? rest : rest.substring(0, settings);
        if (name.startsWith("mem:") || name.startsWith("tcp:") || name.startsWith("ssl:")) {
            return Optional.empty();
        }
        for (String fileSystem : new String[] {"file:", "async:", "nio:"}) {
            if (name.startsWith(fileSystem)) {
                name = name.substring(fileSystem.length());
                break;
            }
        }
        return name.isEmpty() ? Optional.empty() : Optional.of(Path.of(name + ".mv.db"));
    }

    /**
     * Rewrites the header of {@code file} to point at its newest complete chunk. Nothing happens
     * when the file does not exist yet.
     *
     * @throws StoreUnavailableException when the file is in use by another process or cannot be
     *         recovered; the message names the fix
     */
    static void recover(Path file) {
        if (!Files.exists(file)) {
            return;
        }
        try {
            new MVStore.Builder().fileName(file.toString()).recoveryMode().open().close();
        } catch (MVStoreException e) {
            if (e.getErrorCode() == org.h2.mvstore.DataUtils.ERROR_FILE_LOCKED) {
                throw new StoreUnavailableException("the database file " + file + " is in use by another"
                        + " process: stop the other paasd using this PAAS_DATA_DIR, or give this one its own", e);
            }
            throw new StoreUnavailableException("cannot open the database file " + file + ", which is damaged or not"
                    + " an H2 database (" + Database.rootMessage(e) + "): restore it from a backup, or move it away"
                    + " to start with an empty store", e);
        }
    }
}
