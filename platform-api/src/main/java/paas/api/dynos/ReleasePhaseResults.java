package paas.api.dynos;

import paas.api.domain.Release;
import paas.api.store.Database;
import paas.api.store.ReleaseStore;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/**
 * Records how a pending release's release phase ended: it goes live (succeeded) or stays
 * out of service (failed). Straight to the store, with no change event: the release phase's
 * callers (the supervisor, the deployer) act on the result themselves, so the dyno side needs
 * no service, and the services can be built after it and tell it of every change.
 */
public final class ReleasePhaseResults {
    private final Database db;
    private final ReleaseStore releases;

    public ReleasePhaseResults(Database db, ReleaseStore releases) {
        this.db = db;
        this.releases = releases;
    }

    /**
     * True if this call finished the release, keeping the phase's {@code output} with it; false if
     * it was not pending (finished once only).
     */
    public boolean record(UUID releaseId, boolean succeeded, String output) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        return db.inTransaction(c -> {
            boolean finished = releases.finishPending(c, releaseId,
                    succeeded ? Release.Status.SUCCEEDED : Release.Status.FAILED, now);
            if (finished) {
                releases.insertOutput(c, releaseId, output, now);
            }
            return finished;
        });
    }
}
