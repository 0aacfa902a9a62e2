package paas.builder.buildpack;

import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import paas.builder.BuildFailedException;
import paas.vocabulary.FileTrees;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Function;

/**
 * Fetches a buildpack named by a git URL ({@code https://host/org/buildpack.git}, optionally
 * {@code #branch-or-tag}), as Heroku's {@code buildpacks:set URL} does: a shallow clone of that
 * ref into a scratch directory, read, then deleted. The platform host needs network access to the
 * URL; a fetch that fails or takes longer than the timeout fails the build with the reason.
 */
final class GitBuildpackFetcher {
    private final Duration timeout;

    GitBuildpackFetcher(Duration timeout) {
        this.timeout = timeout;
    }

    /** Clones {@code spec} and hands the checked-out directory to {@code read}; the clone is removed afterwards. */
    <T> T fetch(String spec, Function<Path, T> read) throws BuildFailedException {
        int hash = spec.indexOf('#');
        String url = hash < 0 ? spec : spec.substring(0, hash);
        String ref = hash < 0 ? null : spec.substring(hash + 1);
        Path dir = null;
        try {
            dir = Files.createTempDirectory("paas-buildpack-");
            var clone = Git.cloneRepository().setURI(url).setDirectory(dir.toFile()).setDepth(1)
                    .setTimeout((int) Math.max(1, timeout.toSeconds())).setCloneSubmodules(false);
            if (ref != null && !ref.isEmpty()) {
                clone.setBranch(ref);
            }
            try (Git ignored = clone.call()) {
                return read.apply(dir);
            }
        } catch (GitAPIException | org.eclipse.jgit.api.errors.JGitInternalException e) {
            throw new BuildFailedException("buildpack " + spec + " could not be fetched: " + rootMessage(e)
                    + "; check the URL (and #ref) and that the platform host can reach it", e);
        } catch (IOException e) {
            throw new BuildFailedException("buildpack " + spec + " could not be fetched: " + e.getMessage(), e);
        } finally {
            if (dir != null) {
                deleteQuietly(dir);
            }
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t == e ? String.valueOf(e.getMessage()) : e.getMessage() + " (" + t.getMessage() + ")";
    }

    private static void deleteQuietly(Path root) {
        try {
            FileTrees.delete(root);
        } catch (IOException ignored) {
            // a scratch directory under the system temp dir; nothing depends on it
        }
    }
}
