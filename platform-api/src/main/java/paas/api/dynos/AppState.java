package paas.api.dynos;

import paas.api.domain.AppName;
import paas.api.domain.LogDrain;
import paas.api.domain.Release;
import paas.api.store.FormationStore;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything the running side needs to know about one app, read in one transaction: what should
 * run (the current release and the formation), where requests come from (hostnames, maintenance)
 * and where its logs go (drains).
 *
 * @param live      the current release when it has a slug; empty before the first deploy (or
 *                  after a rollback to a release without one), when no dyno may run
 * @param pending   a release newer than the current one that waits for its release phase
 * @param formation process type to quantity and size, as scaled
 * @param httpsOnly the router redirects the app's plain-HTTP requests to HTTPS ({@code https:redirect on})
 */
public record AppState(AppName name, boolean maintenance, List<String> customHostnames, Optional<RunnableRelease> live,
                       Optional<RunnableRelease> pending, Map<String, FormationStore.Row> formation, List<LogDrain> drains,
                       boolean httpsOnly) {

    /**
     * A release that has a slug or an image and so can run.
     *
     * @param slugSha256 names the slug file in the slug store, or the image on the engine
     * @param image      true when the release runs an image (the container stack)
     * @param config     its config vars
     */
    public record RunnableRelease(Release release, String slugSha256, boolean image, Map<String, String> config) {
        public RunnableRelease {
            config = Map.copyOf(config);
        }
    }

    public AppState {
        customHostnames = List.copyOf(customHostnames);
        formation = Map.copyOf(formation);
        drains = List.copyOf(drains);
    }
}
