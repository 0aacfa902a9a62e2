package paas.api.deploy;

import paas.api.domain.App;
import paas.api.domain.PlatformException;
import paas.api.domain.Release;
import paas.api.domain.SlugRecord;
import paas.api.domain.Stack;
import paas.api.domain.User;
import paas.api.service.AppGuard;
import paas.api.service.AppEvent;
import paas.api.service.AppListener;
import paas.api.service.ReleaseService;
import paas.api.store.Database;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * {@code paas deploy:image IMAGE}: releases an image that is already on the engine, as Heroku's
 * {@code container:release} and Dokku's {@code git:from-image} do. The image's own command (its
 * CMD, run after its ENTRYPOINT) is the {@code web} process type; its dynos run like a
 * Dockerfile build's.
 * The image is pinned with a tag of the app, so removing the name it was deployed by does not
 * take it from under the release, and {@code rollback} to its release works as for any other.
 * An image another app's build made is refused: its layers hold that app's code.
 */
public final class ImageDeploys {
    // At most 200 characters: the release's description quotes it.
    private static final Pattern REFERENCE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._/:@-]{0,179}");

    private final Database db;
    private final AppGuard guard;
    private final ReleaseService releases;
    private final DockerBuilds engine;
    private final AppListener listener;

    public ImageDeploys(Database db, AppGuard guard, ReleaseService releases, DockerBuilds engine, AppListener listener) {
        this.db = db;
        this.guard = guard;
        this.releases = releases;
        this.engine = engine;
        this.listener = listener;
    }

    public Release deploy(User caller, String appName, String reference) {
        if (reference == null || !REFERENCE.matcher(reference).matches() || reference.contains("..")) {
            throw new PlatformException.InvalidParams("image must be an image name such as team/web:1.4, or an image ID");
        }
        App app = db.inTransaction(c -> guard.require(c, caller, appName));
        DockerBuilds.EngineImage image;
        try {
            image = engine.image(reference).orElseThrow(() -> new PlatformException.InvalidParams("image " + reference
                    + " is not on this platform's Docker engine, which does not pull from registries: load it on the"
                    + " platform host with `docker load -i IMAGE.tar`, then deploy again"));
        } catch (IllegalStateException e) {
            throw new PlatformException.Conflict(e.getMessage());
        }
        if (image.builtFor().filter(owner -> !owner.equals(app.name().value())).isPresent()) {
            throw new PlatformException.Forbidden("image " + reference + " was built for another app; deploy an image"
                    + " of this app or one the operator loaded");
        }
        String command = image.command().orElseThrow(() -> new PlatformException.InvalidParams("image " + reference
                + " has no CMD, so it has no web command: add CMD to its Dockerfile"));
        try {
            engine.pin(app.name().value(), image.image());
        } catch (RuntimeException e) {
            throw new PlatformException.Conflict("the engine could not tag image " + reference + " for the app: "
                    + e.getMessage());
        }
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        SlugRecord artifact = new SlugRecord(UUID.randomUUID(), app.id(), image.image().sha256(),
                image.image().sizeBytes(), null, "image", Stack.CONTAINER, Map.of("web", command), now);
        Release release = releases.deploy(app.id(), caller, artifact, "Deploy image " + reference);
        listener.on(new AppEvent.Deployed(app.name(), caller.email(), "image " + reference, release.version(), false));
        return release;
    }
}
