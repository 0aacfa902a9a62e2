package paas.builder.buildpack;

import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.transport.TransportHttp;
import paas.builder.BuildFailedException;
import paas.outbound.OutboundPolicy;
import paas.vocabulary.FileTrees;

import javax.net.ssl.SSLSocketFactory;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.function.Function;

/**
 * Fetches a buildpack named by a git URL ({@code https://host/org/buildpack.git}, optionally
 * {@code #branch-or-tag}), as Heroku's {@code buildpacks:set URL} does: a shallow clone of that
 * ref into a scratch directory, read, then deleted. The platform host needs network access to the
 * URL; a fetch that fails or takes longer than the timeout fails the build with the reason.
 *
 * <p>The URL is user input that makes the platform connect, so it passes the outbound policy:
 * its host is resolved and judged before JGit starts (a refusal names the rule and reads the same
 * whether or not anything listens there), and every connection JGit then opens, redirects
 * included, goes to a checked address only ({@link PinnedHttpConnectionFactory}). {@code file:}
 * URLs name a repository on the host; the catalog lets only those inside a buildpack directory
 * through.
 */
final class GitBuildpackFetcher {
    static final String WHAT = "buildpack URL";

    private final Duration timeout;
    private final OutboundPolicy policy;
    private final SSLSocketFactory tls;

    /** @param tls trust for the git servers: the JDK's default in production */
    GitBuildpackFetcher(Duration timeout, OutboundPolicy policy, SSLSocketFactory tls) {
        this.timeout = timeout;
        this.policy = policy;
        this.tls = tls;
    }

    /** Clones {@code spec} and hands the checked-out directory to {@code read}; the clone is removed afterwards. */
    <T> T fetch(String spec, Function<Path, T> read) throws BuildFailedException {
        int hash = spec.indexOf('#');
        String url = hash < 0 ? spec : spec.substring(0, hash);
        String ref = hash < 0 ? null : spec.substring(hash + 1);
        boolean remote = checkTarget(spec, url);
        Path dir = null;
        try (PinnedHttpConnectionFactory connections = new PinnedHttpConnectionFactory(policy, WHAT, tls)) {
            dir = Files.createTempDirectory("paas-buildpack-");
            var clone = Git.cloneRepository().setURI(url).setDirectory(dir.toFile()).setDepth(1)
                    .setTimeout((int) Math.max(1, timeout.toSeconds())).setCloneSubmodules(false)
                    .setTransportConfigCallback(transport -> {
                        if (transport instanceof TransportHttp http) {
                            http.setHttpConnectionFactory(connections);
                        } else if (remote) {
                            throw new IllegalStateException("an https URL was given a " + transport.getClass().getSimpleName());
                        }
                    });
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

    /**
     * Judges an {@code https} URL's host before anything connects; {@code file} URLs pass (the
     * catalog checked where they point). Returns whether the URL is remote.
     */
    private boolean checkTarget(String spec, String url) throws BuildFailedException {
        URI uri;
        try {
            uri = new URI(url);
        } catch (java.net.URISyntaxException e) {
            throw new BuildFailedException("buildpack " + spec + " is not a valid URL: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (scheme.equals("file")) {
            return false;
        }
        if (!scheme.equals("https") || uri.getHost() == null) {
            throw new BuildFailedException("buildpack " + spec + " could not be fetched: " + WHAT
                    + "s are https://HOST/PATH (or a buildpack directory on the platform host)");
        }
        try {
            policy.resolve(WHAT, uri.getHost());
        } catch (IOException e) { // refused, or the name has no address
            throw new BuildFailedException("buildpack " + spec + " could not be fetched: " + e.getMessage(), e);
        }
        return true;
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
