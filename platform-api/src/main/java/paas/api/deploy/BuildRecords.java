package paas.api.deploy;

import paas.api.domain.App;
import paas.api.domain.Build;
import paas.api.domain.ConfigVars;
import paas.api.domain.User;
import paas.api.store.AppStore;
import paas.api.store.BuildStore;
import paas.api.store.ConfigVarStore;
import paas.api.store.Database;
import paas.api.store.UserStore;
import paas.builder.Push;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

/**
 * What a push reads from and writes to the store: the app, its pusher, config vars and
 * buildpacks at the start of a build, the build's record while it runs, and its transcript and
 * result once it ended.
 */
public final class BuildRecords {
    /** What a build starts from, read in one transaction. The user is absent when the pusher was deleted meanwhile. */
    public record Context(App app, User user, ConfigVars config, List<String> buildpacks) {
    }

    private final Database db;
    private final AppStore apps = new AppStore();
    private final UserStore users = new UserStore();
    private final ConfigVarStore configVars;
    private final BuildStore builds = new BuildStore();

    public BuildRecords(Database db) {
        this.db = db;
        this.configVars = new ConfigVarStore(db.secrets());
    }

    /** Reads what the build of {@code push} starts from and records it as a pending build {@code buildId}. */
    Context start(Push push, UUID buildId) {
        Context context = db.inTransaction(c -> {
            App app = apps.find(c, push.app())
                    .orElseThrow(() -> new IllegalStateException("app " + push.app() + " was destroyed during the push"));
            return new Context(app, users.findByEmail(c, push.user()).orElse(null), configVars.load(c, app.id()),
                    builds.buildpacks(c, app.id()));
        });
        Instant started = now();
        db.inTransaction(c -> {
            builds.insert(c, new Build(buildId, context.app().id(), Build.Status.PENDING, push.newCommit(),
                    context.user(), null, null, started, started));
            return null;
        });
        return context;
    }

    void finish(UUID buildId, Build.Status status, UUID slugId, UUID releaseId, String transcript) {
        db.inTransaction(c -> {
            builds.finish(c, buildId, status, slugId, releaseId, transcript, now());
            return null;
        });
    }

    static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
