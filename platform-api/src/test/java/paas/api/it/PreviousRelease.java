package paas.api.it;

import paas.vocabulary.FileTrees;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The release before this build: the newest {@code v*} tag on the history behind {@code HEAD},
 * unpacked with {@code git archive} and built as a user would ({@code ./mvnw package}) into a
 * directory kept between runs, keyed by the tag's commit.
 */
record PreviousRelease(String tag, String commit, Path root) {
    private static final Path CACHE = Path.of(System.getProperty("java.io.tmpdir"), "paas-previous-releases");

    /** Empty when this clone has no earlier release tag (a shallow clone, say). */
    static Optional<PreviousRelease> find(Path repository) throws Exception {
        Run described = run(repository, Map.of(), "git", "describe", "--tags", "--abbrev=0", "--match", "v*", "HEAD^");
        if (described.exitCode() != 0) {
            return Optional.empty();
        }
        String tag = described.output().strip();
        String commit = run(repository, Map.of(), "git", "rev-list", "-n", "1", tag).output().strip();
        return Optional.of(new PreviousRelease(tag, commit, CACHE.resolve(commit)));
    }

    /** Builds it unless a finished build of the same commit is there already. */
    PreviousRelease built(Path repository, Path javaHome) throws Exception {
        Path done = root.resolve(".paas-it-built");
        if (Files.exists(done)) {
            return this;
        }
        Path unpacking = Files.createDirectories(CACHE).resolve(commit + ".unpacking");
        FileTrees.delete(unpacking);
        Files.createDirectories(unpacking);
        Run unpacked = run(repository, Map.of(), "bash", "-c",
                "git archive --format=tar " + commit + " | tar -x -C '" + unpacking + "'");
        if (unpacked.exitCode() != 0) {
            throw new AssertionError("cannot unpack " + tag + ":\n" + unpacked.output());
        }
        // The modules bin/paasd runs (paasd and its router); the CLI is this build's, as a user's
        // machine keeps its CLI across a platform upgrade.
        Run build = run(unpacking, Map.of("JAVA_HOME", javaHome.toString()), unpacking.resolve("mvnw").toString(),
                "-B", "-ntp", "-q", "-DskipTests", "-pl", "platform-api", "-am", "package");
        if (build.exitCode() != 0) {
            throw new AssertionError("building " + tag + " (" + commit + ") failed:\n" + build.output());
        }
        Files.writeString(unpacking.resolve(".paas-it-built"), tag + "\n");
        FileTrees.delete(root);
        Files.move(unpacking, root);
        return this;
    }

    private record Run(int exitCode, String output) {
    }

    private static Run run(Path dir, Map<String, String> env, String... command) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(List.of(command))).directory(dir.toFile())
                .redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(900, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " did not finish in 900 s");
        }
        return new Run(p.exitValue(), out);
    }
}
