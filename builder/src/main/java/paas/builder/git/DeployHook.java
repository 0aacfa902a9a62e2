package paas.builder.git;

import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.transport.PreReceiveHook;
import org.eclipse.jgit.transport.ReceiveCommand;
import org.eclipse.jgit.transport.ReceivePack;
import paas.builder.BuildOutput;
import paas.builder.GitLimits;
import paas.builder.Push;
import paas.builder.PushHandler;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Runs the deploy for a push before any ref moves, as Heroku does: only main or master deploy,
 * one build per app at a time, and a failed build rejects the push so the branch stays put.
 */
final class DeployHook implements PreReceiveHook {
    private static final Set<String> DEPLOYABLE = Set.of("refs/heads/main", "refs/heads/master");

    private final String app;
    private final String user;
    private final Repository repo;
    private final PushHandler handler;
    private final GitLimits limits;
    private final Path scratch;
    private final ReentrantLock appLock;
    private final OutputStream response;

    /** {@code response} is the raw response under JGit's side-band streams, for keep-alives. */
    DeployHook(String app, String user, Repository repo, PushHandler handler, GitLimits limits, Path scratch,
               ReentrantLock appLock, OutputStream response) {
        this.response = response;
        this.scratch = scratch;
        this.app = app;
        this.user = user;
        this.repo = repo;
        this.handler = handler;
        this.limits = limits;
        this.appLock = appLock;
    }

    @Override
    public void onPreReceive(ReceivePack rp, Collection<ReceiveCommand> commands) {
        // Keep-alives only where the client demultiplexes bands; an old client without side-band
        // sees no build output either, so there is nothing to interleave with.
        try (SilenceBreaker silence = SilenceBreaker.start(rp.isSideBand() ? response : OutputStream.nullOutputStream(),
                limits.keepAliveAfter())) {
            BuildOutput output = line -> {
                try {
                    silence.write(() -> {
                        rp.sendMessage(line);
                        rp.getMessageOutputStream().flush();
                    });
                } catch (IOException ignored) {
                    // the client went away; the build goes on and its result is recorded
                }
            };
            deployAll(commands, output);
        }
    }

    private void deployAll(Collection<ReceiveCommand> commands, BuildOutput output) {
        for (ReceiveCommand cmd : commands) {
            if (cmd.getResult() != ReceiveCommand.Result.NOT_ATTEMPTED) {
                continue;
            }
            if (!DEPLOYABLE.contains(cmd.getRefName())) {
                output.line("Pushed to " + cmd.getRefName() + ": only main or master deploy. Push with: git push paas HEAD:main");
                cmd.setResult(ReceiveCommand.Result.REJECTED_OTHER_REASON, "only main or master can be pushed");
                continue;
            }
            if (cmd.getType() == ReceiveCommand.Type.DELETE) {
                cmd.setResult(ReceiveCommand.Result.REJECTED_NODELETE, "the deployed branch cannot be deleted");
                continue;
            }
            deploy(cmd, output);
        }
    }

    private void deploy(ReceiveCommand cmd, BuildOutput output) {
        boolean locked = false;
        Path tar = null;
        try {
            locked = appLock.tryLock();
            if (!locked) {
                output.line("Another build of " + app + " is running; waiting for it to finish...");
                locked = appLock.tryLock(limits.lockWait().toMillis(), TimeUnit.MILLISECONDS);
                if (!locked) {
                    cmd.setResult(ReceiveCommand.Result.REJECTED_OTHER_REASON,
                            "another build of " + app + " is still running; push again when it has finished");
                    return;
                }
            }
            Files.createDirectories(scratch);
            tar = Files.createTempFile(scratch, "source-" + app + "-", ".tar");
            ObjectId newId = cmd.getNewId();
            TreeArchive.write(repo, newId, tar, limits.maxSourceBytes());
            Push push = new Push(app, user, cmd.getRefName(), cmd.getOldId().name(), newId.name(), tar);
            PushHandler.Outcome outcome = handler.handle(push, output);
            if (outcome instanceof PushHandler.Rejected rejected) {
                cmd.setResult(ReceiveCommand.Result.REJECTED_OTHER_REASON, rejected.reason());
            }
        } catch (TreeArchive.SourceTooLargeException e) {
            output.line(e.getMessage());
            cmd.setResult(ReceiveCommand.Result.REJECTED_OTHER_REASON, "source too large");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            cmd.setResult(ReceiveCommand.Result.REJECTED_OTHER_REASON, "the platform is shutting down; push again");
        } catch (IOException | RuntimeException e) {
            output.line("The platform failed to deploy this push: " + e.getMessage());
            cmd.setResult(ReceiveCommand.Result.REJECTED_OTHER_REASON, "platform error; see the output above");
        } finally {
            if (tar != null) {
                try {
                    Files.deleteIfExists(tar);
                } catch (IOException ignored) {
                    // the scratch dir is emptied when paasd next starts
                }
            }
            if (locked) {
                appLock.unlock();
            }
        }
    }
}
