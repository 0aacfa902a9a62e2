package paas.api.domain;

import paas.vocabulary.Quote;

import java.util.List;

/**
 * The stack an app builds on: {@link #BUILDPACKS} (buildpacks make a slug that runs on the run
 * image) or {@link #CONTAINER} (the app's Dockerfile makes the image its dynos run), as Heroku's
 * {@code heroku stack:set container}.
 */
public record Stack(String name) {
    public static final String BUILDPACKS = "paas-bookworm";
    public static final String CONTAINER = "container";
    public static final List<String> ALL = List.of(BUILDPACKS, CONTAINER);

    public Stack {
        if (!ALL.contains(name)) {
            throw new PlatformException.InvalidParams("stack " + Quote.of(name) + " does not exist; the stacks are "
                    + String.join(" and ", ALL));
        }
    }
}
