package paas.builder.git;

import io.netty.channel.ChannelHandler;
import paas.builder.GitAccess;
import paas.builder.GitLimits;
import paas.builder.PushHandler;

import java.nio.file.Path;
import java.util.concurrent.Executor;

/**
 * Receives git pushes (and serves clones) over git's smart HTTP protocol, at
 * {@code /APP.git} on the platform's HTTP port. Pushes of main or master are handed to the
 * {@link PushHandler} before the branch moves; output it writes reaches the pusher's terminal
 * as {@code remote:} lines while the build runs.
 */
public final class GitReceiver {
    private final GitService service;
    private final Executor workers;

    /**
     * @param scratch where a push's source is exported before its build; the caller owns the
     *                directory and empties it at start, since a killed process leaves files there
     */
    public GitReceiver(GitRepositories repositories, GitAccess access, PushHandler pushes, GitLimits limits,
                       Path scratch, Executor workers) {
        this.service = new GitService(repositories, access, pushes, limits, scratch);
        this.workers = workers;
    }

    /** A handler for one connection's pipeline, placed after the HTTP codec and before any aggregator. */
    public ChannelHandler newHandler() {
        return new GitHttpHandler(service, workers);
    }
}
