package paas.api.deploy;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import paas.api.domain.AppName;
import paas.api.domain.PlatformException;
import paas.api.orphans.SlugFiles;
import paas.api.store.BuildStore;
import paas.api.store.Database;

import java.io.IOException;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Deletes a destroyed app's slug files at once, rather than leaving them to the orphan sweep's
 * grace period, while keeping every slug record's file.
 *
 * <p>Slug files are named by their bytes, so two apps built from the same code share one file,
 * and a build that stored bytes already there records them a moment later. Recording a slug and
 * reclaiming one therefore take one lock: a reclaim sees every record committed before it, and a
 * record is committed only while its file is there. A file named by a record of another app is
 * kept. Failures are logged: the destroy has committed, and the orphan sweep deletes what is left.
 */
public final class SlugReclaim {
    private static final Logger log = LoggerFactory.getLogger("paasd");

    private final ReentrantLock lock = new ReentrantLock();
    private final Database db;
    private final BuildStore records;
    private final SlugFiles files;

    public SlugReclaim(Database db, BuildStore records, SlugFiles files) {
        this.db = db;
        this.records = records;
        this.files = files;
    }

    /**
     * Runs {@code record} (a transaction that commits a slug record) only while the slug's file is
     * there, and before any reclaim that could delete it.
     *
     * @throws PlatformException.Conflict when the file was deleted after the build stored it
     */
    public <T> T recording(String sha256, Supplier<T> record) {
        lock.lock();
        try {
            if (!files.present(sha256)) {
                throw new PlatformException.Conflict("the slug was deleted while it was being released, as an app"
                        + " with the same code was destroyed at that moment: push again");
            }
            return record.get();
        } finally {
            lock.unlock();
        }
    }

    /** Deletes those of the destroyed app's slug files that no record names any more. */
    public void reclaim(AppName app, Set<String> sha256s) {
        if (sha256s.isEmpty()) {
            return;
        }
        lock.lock();
        try {
            Set<String> named = db.inTransaction(c -> records.namedSlugs(c, sha256s));
            int deleted = 0;
            for (String sha : sha256s) {
                if (!named.contains(sha) && files.delete(sha)) {
                    deleted++;
                }
            }
            log.info("app {} destroyed: deleted {} of its {} slug files ({} shared with other apps, kept)", app,
                    deleted, sha256s.size(), named.size());
        } catch (IOException | RuntimeException e) {
            log.warn("app {} destroyed, but its slug files were not all deleted ({}); the orphan sweep deletes them"
                    + " later", app, Database.rootMessage(e));
        } finally {
            lock.unlock();
        }
    }
}
