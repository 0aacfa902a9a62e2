package paas.vocabulary;

import java.util.List;

/** The buildpacks that come with the platform, by name, in the order detection tries them. */
public final class ShippedBuildpacks {
    public static final List<String> DETECTION_ORDER = List.of("nodejs", "java-maven", "python", "go", "static",
            "procfile");

    private ShippedBuildpacks() {
    }
}
