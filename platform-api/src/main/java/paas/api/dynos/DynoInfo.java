package paas.api.dynos;

import paas.process.Dyno;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.UUID;

/**
 * A dyno as the API shows it: the process manager's row with the ids Heroku's clients follow,
 * its own UUID, its release's and its app's.
 *
 * @param id        stable for the dyno's life (see {@link #idOf})
 * @param releaseId the id of the release it runs; null when that release is gone from the store
 */
public record DynoInfo(UUID id, Dyno dyno, UUID releaseId, UUID appId, String appName) {
    public DynoInfo {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(dyno, "dyno");
        Objects.requireNonNull(appId, "appId");
        Objects.requireNonNull(appName, "appName");
    }

    /**
     * Heroku's dyno id is a UUID; the runtime's is a container or process id. A one-off keeps its
     * id from its creation (before any container exists) to its end, so it comes from its app and
     * name, unique among the app's live one-offs; a formation dyno's comes from its runtime id (a
     * restarted {@code web.1} is a new dyno with a new id); a crashed slot waiting for its restart
     * has no process, so its id comes from the slot and when it crashed.
     */
    static UUID idOf(Dyno d) {
        String key;
        if (d.oneOff()) {
            key = "one-off " + d.app() + " " + d.name();
        } else if (d.id() != null) {
            key = "dyno " + d.id();
        } else {
            key = "slot " + d.app() + " " + d.name() + " " + d.release() + " " + d.since();
        }
        return UUID.nameUUIDFromBytes(key.getBytes(StandardCharsets.UTF_8));
    }
}
