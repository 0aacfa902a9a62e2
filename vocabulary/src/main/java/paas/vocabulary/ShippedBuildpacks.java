package paas.vocabulary;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The buildpacks that come with the platform, by name, in the order detection tries them. */
public final class ShippedBuildpacks {
    public static final List<String> DETECTION_ORDER = List.of("nodejs", "java-maven", "python", "go", "static",
            "procfile");

    /**
     * The names Heroku users give the official buildpacks (buildpacks:set heroku/nodejs, app.json),
     * each to the shipped buildpack that builds the same kind of app. The one definition of that
     * mapping: the builder resolves with it, the CLI and docs list it.
     */
    public static final Map<String, String> HEROKU_NAMES = Map.of(
            "heroku/nodejs", "nodejs",
            "heroku/java", "java-maven",
            "heroku/python", "python",
            "heroku/go", "go",
            "heroku/procfile", "procfile",
            "heroku-community/static", "static");

    private ShippedBuildpacks() {
    }

    /** The shipped buildpack a Heroku name stands for, e.g. nodejs for heroku/nodejs. */
    public static Optional<String> forHerokuName(String name) {
        return Optional.ofNullable(HEROKU_NAMES.get(name));
    }
}
