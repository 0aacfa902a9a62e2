package paas.api.service;

import paas.api.domain.App;
import paas.api.domain.AppName;
import paas.api.domain.ConfigPatch;
import paas.api.domain.ConfigVars;
import paas.api.domain.Release;
import paas.api.domain.User;
import paas.api.store.ConfigVarStore;
import paas.api.store.Database;
import paas.api.store.ReleaseStore;

import java.util.Optional;

/** Reading and changing config vars; every change is a new release. Thread-safe. */
public final class ConfigService {

    /** The config vars after a change, and the release the change made (none when nothing changed). */
    public record Change(ConfigVars config, Optional<Release> release, AppName app) {
    }

    private final Database db;
    private final ConfigVarStore configVars;
    private final ConfigReleases configReleases;
    private final AppGuard guard;
    private final AppListener listener;

    public ConfigService(Database db, ConfigVarStore configVars, ReleaseStore releases, AppGuard guard,
                         AppListener listener) {
        this.db = db;
        this.configVars = configVars;
        this.configReleases = new ConfigReleases(configVars, releases);
        this.guard = guard;
        this.listener = listener;
    }

    public ConfigVars get(User caller, String app) {
        return db.inTransaction(c -> configVars.load(c, guard.require(c, caller, app).id()));
    }

    /**
     * Applies the patch under the app's lock, so concurrent changes serialise: none is lost and
     * each gets its own release version. The new release keeps the current slug and process types.
     */
    public Change patch(User caller, String app, ConfigPatch patch) {
        Change change = db.inTransaction(c -> {
            App locked = guard.requireLocked(c, caller, app);
            ConfigVars before = configVars.load(c, locked.id());
            String description = patch.describe(before);
            if (description.isEmpty()) {
                return new Change(before, Optional.empty(), locked.name());
            }
            ConfigVars after = before.apply(patch);
            Release release = configReleases.release(c, locked.id(), caller, after, description);
            return new Change(after, Optional.of(release), locked.name());
        });
        change.release().ifPresent(r -> listener.on(new AppEvent.ConfigChanged(change.app(), caller.email(),
                r.description(), r.version())));
        return change;
    }
}
