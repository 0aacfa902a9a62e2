package paas.vocabulary;

import java.util.List;

/**
 * The stacks an app builds on: {@link #BUILDPACKS} (buildpacks make a slug that runs on the run
 * image) or {@link #CONTAINER} (the app's Dockerfile makes the image its dynos run), as Heroku's
 * {@code heroku stack:set container}.
 */
public record StackName(String value) {
    public static final String BUILDPACKS = "paas-bookworm";
    public static final String CONTAINER = "container";
    public static final List<String> ALL = List.of(BUILDPACKS, CONTAINER);

    public StackName {
        if (!ALL.contains(value)) {
            throw new InvalidValueException("stack " + Quote.of(value) + " does not exist; the stacks are "
                    + String.join(" and ", ALL));
        }
    }

    public static String check(String value) {
        return new StackName(value).value();
    }

    @Override
    public String toString() {
        return value;
    }
}
