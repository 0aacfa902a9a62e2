package paas.api.service;

import paas.api.domain.ConfigVars;
import paas.api.domain.Release;
import paas.api.domain.User;
import paas.api.store.ConfigVarStore;
import paas.api.store.ReleaseStore;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;

/**
 * The one way a change of config vars becomes a release: the app's config vars are replaced and a
 * new release keeps the current slug and process types with them. Used by {@code config:set} and
 * by add-ons attaching and detaching. Runs inside the caller's transaction, which holds the app's
 * lock; the caller tells {@link AppEvent.ConfigChanged} once it has committed.
 */
public final class ConfigReleases {
    private final ConfigVarStore configVars;
    private final ReleaseStore releases;

    public ConfigReleases(ConfigVarStore configVars, ReleaseStore releases) {
        this.configVars = configVars;
        this.releases = releases;
    }

    public ConfigVars load(Connection c, UUID appId) throws SQLException {
        return configVars.load(c, appId);
    }

    /** Makes {@code after} the app's config vars in a new release described by {@code description}. */
    public Release release(Connection c, UUID appId, User by, ConfigVars after, String description)
            throws SQLException {
        configVars.replace(c, appId, after);
        var current = releases.current(c, appId);
        UUID slugId = current.map(Release::slugId).orElse(null);
        Map<String, String> processTypes = current.map(Release::processTypes).orElse(Map.of());
        return releases.insert(c, new ReleaseStore.NewRelease(UUID.randomUUID(), appId, description,
                ReleasePhase.initialStatus(slugId, processTypes), slugId, by, after, processTypes,
                Instant.now().truncatedTo(ChronoUnit.MICROS)));
    }
}
