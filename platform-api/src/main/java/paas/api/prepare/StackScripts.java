package paas.api.prepare;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The repository's own preparation scripts, found next to paasd as bin/paasd finds paasd's jar:
 * the distribution root holds deploy/docker/ensure-engine.sh and deploy/stack/build.sh.
 */
public record StackScripts(Path ensureEngine, Path buildStack) {
    static final Path ENSURE_ENGINE = Path.of("deploy", "docker", "ensure-engine.sh");
    static final Path BUILD_STACK = Path.of("deploy", "stack", "build.sh");
    /** platform-api/target/platform-api.jar (or .../target/classes) sits this many levels below the root. */
    private static final int MAX_DEPTH = 4;

    public StackScripts {
        if (!ensureEngine.isAbsolute() || !buildStack.isAbsolute()) {
            throw new IllegalArgumentException("the scripts' paths are absolute: " + ensureEngine + ", " + buildStack);
        }
    }

    /** The scripts under {@code root}, when both are there and executable. */
    public static Optional<StackScripts> in(Path root) {
        Path ensure = root.resolve(ENSURE_ENGINE).toAbsolutePath().normalize();
        Path build = root.resolve(BUILD_STACK).toAbsolutePath().normalize();
        return Files.isExecutable(ensure) && Files.isExecutable(build)
                ? Optional.of(new StackScripts(ensure, build)) : Optional.empty();
    }

    /** The scripts of the distribution {@code code} (paasd's jar or classes directory) belongs to. */
    public static Optional<StackScripts> near(Path code) {
        Path dir = code.toAbsolutePath().normalize();
        for (int i = 0; i <= MAX_DEPTH && dir != null; i++, dir = dir.getParent()) {
            Optional<StackScripts> found = in(dir);
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    /** Where paasd's classes come from (its jar in a distribution). */
    public static Path codeOf(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (java.net.URISyntaxException | NullPointerException | SecurityException e) {
            return Path.of("").toAbsolutePath();
        }
    }
}
