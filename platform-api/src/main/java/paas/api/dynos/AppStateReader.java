package paas.api.dynos;

import paas.api.domain.App;
import paas.api.domain.AppName;
import paas.api.domain.Domain;
import paas.api.domain.Release;
import paas.api.domain.SlugRecord;
import paas.api.store.AppStore;
import paas.api.store.BuildStore;
import paas.api.store.Database;
import paas.api.store.DomainStore;
import paas.api.store.DrainStore;
import paas.api.store.FormationStore;
import paas.api.store.ReleaseStore;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/** Reads {@link AppState}s from the store. Thread-safe. */
public final class AppStateReader {
    private final Database db;
    private final AppStore apps = new AppStore();
    private final ReleaseStore releases;
    private final BuildStore builds = new BuildStore();
    private final FormationStore formation = new FormationStore();
    private final DomainStore domains = new DomainStore();
    private final DrainStore drains;
    private final paas.api.store.CertificateStore certificates;

    public AppStateReader(Database db) {
        this.db = db;
        this.releases = new ReleaseStore(db.secrets());
        this.drains = new DrainStore(db.secrets());
        this.certificates = new paas.api.store.CertificateStore(db.secrets());
    }

    /** The app's state, empty when there is no such app (any more). */
    public Optional<AppState> load(String app) {
        return db.inTransaction(c -> {
            Optional<App> found = apps.find(c, app);
            if (found.isEmpty()) {
                return Optional.empty();
            }
            App a = found.get();
            List<String> custom = domains.list(c, a.id()).stream()
                    .filter(d -> d.kind() == Domain.Kind.CUSTOM)
                    .map(d -> d.hostname().value())
                    .toList();
            Optional<AppState.RunnableRelease> live = runnable(c, a, releases.current(c, a.id()));
            Optional<AppState.RunnableRelease> pending = runnable(c, a, releases.pendingAfterCurrent(c, a.id()));
            return Optional.of(new AppState(a.name(), a.maintenance(), custom, live, pending,
                    formation.load(c, a.id()), drains.list(c, a.id()), certificates.settings(c, a.id()).httpsOnly()));
        });
    }

    /** Every app's name. */
    public List<AppName> appNames() {
        return db.inTransaction(c -> apps.allNames(c).stream().map(AppName::new).toList());
    }

    private Optional<AppState.RunnableRelease> runnable(Connection c, App app, Optional<Release> release) throws SQLException {
        if (release.isEmpty() || release.get().slugId() == null) {
            return Optional.empty();
        }
        Release r = release.get();
        Optional<SlugRecord> slug = builds.findSlug(c, app.id(), r.slugId());
        if (slug.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new AppState.RunnableRelease(r, slug.get().sha256(), slug.get().image(), releases.configOf(c, r.id()).values()));
    }
}
