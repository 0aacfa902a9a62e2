package paas.api.deploy;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import paas.api.service.AppEvent;
import paas.api.service.AppListener;
import paas.builder.git.GitRepositories;

import java.io.IOException;

/**
 * Keeps what a push leaves behind in step with the app: a destroyed app's git repository, build
 * cache and slug files are removed, a renamed app's repository moves with it. Failures are logged, not
 * thrown: the change they follow has committed.
 */
public final class SourceCleanup implements AppListener {
    private static final Logger log = LoggerFactory.getLogger("paasd");

    private final GitRepositories repositories;
    private final DockerBuilds builds;
    private final SlugReclaim slugs;

    public SourceCleanup(GitRepositories repositories, DockerBuilds builds, SlugReclaim slugs) {
        this.repositories = repositories;
        this.builds = builds;
        this.slugs = slugs;
    }

    @Override
    public void on(AppEvent event) {
        switch (event) {
            case AppEvent.Destroyed destroyed -> {
                String app = destroyed.app().value();
                try {
                    repositories.delete(app);
                } catch (IOException e) {
                    log.warn("app {} destroyed, but its git repository could not be removed: {}", app, e.getMessage());
                }
                builds.removeCache(app);
                slugs.reclaim(destroyed.app(), destroyed.slugFiles());
            }
            case AppEvent.Renamed renamed -> {
                String from = renamed.from().value();
                String to = renamed.app().value();
                try {
                    repositories.rename(from, to);
                } catch (IOException e) {
                    log.warn("app {} renamed to {}, but its git repository could not be moved: {}", from, to,
                            e.getMessage());
                }
            }
            default -> {
            }
        }
    }
}
