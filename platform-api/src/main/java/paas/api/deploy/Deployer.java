package paas.api.deploy;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import paas.api.domain.AppName;
import paas.api.domain.Build;
import paas.api.domain.Release;
import paas.api.domain.SlugRecord;
import paas.api.domain.Stack;
import paas.api.service.AppEvent;
import paas.api.service.AppListener;
import paas.api.service.ReleasePhase;
import paas.api.service.ReleaseService;
import paas.builder.BuildFailedException;
import paas.builder.Artifact;
import paas.builder.BuildOutput;
import paas.builder.BuildRequest;
import paas.builder.BuildResult;
import paas.builder.BuildRunner;
import paas.builder.Image;
import paas.builder.Push;
import paas.builder.PushHandler;

import java.time.Duration;
import java.util.UUID;
import java.util.function.Function;

/**
 * Turns a pushed commit into a release: records a build, runs the buildpacks, stores the slug
 * and releases it with the app's current config vars. A failed build records its output and
 * makes no release, so the running release stays live.
 */
public final class Deployer implements PushHandler {
    private static final Logger log = LoggerFactory.getLogger("deploy");

    /**
     * The platform's bounds on a build, the stack a slug is built on, and the URL a deployed
     * app answers at (said at the end of every push).
     */
    public record Settings(Duration timeout, long maxSlugBytes, String slugStack, Function<AppName, String> appUrl) {
    }

    private final BuildRecords records;
    private final ReleaseService releases;
    private final BuildRunner runner;
    private final Settings settings;
    private final ReleaseGate gate;
    private final AppListener listener;
    private final BuildLog buildLog;
    private final SlugReclaim slugFiles;

    public Deployer(BuildRecords records, ReleaseService releases, BuildRunner runner, Settings settings,
                    ReleaseGate gate, AppListener listener, BuildLog buildLog, SlugReclaim slugFiles) {
        this.slugFiles = slugFiles;
        this.records = records;
        this.releases = releases;
        this.runner = runner;
        this.settings = settings;
        this.gate = gate;
        this.listener = listener;
        this.buildLog = buildLog;
    }

    @Override
    public Outcome handle(Push push, BuildOutput output) throws InterruptedException {
        UUID buildId = UUID.randomUUID();
        BuildRecords.Context full = records.start(push, buildId);
        StringBuilder transcript = new StringBuilder();
        BuildOutput toClient = line -> {
            synchronized (transcript) {
                transcript.append(line).append('\n');
            }
            output.line(line);
        };
        BuildOutput tee = line -> {
            toClient.line(line);
            buildLog.line(push.app(), line);
        };
        String shortSha = push.newCommit().substring(0, 7);
        try {
            String appStack = full.app().stack();
            tee.line("-----> Building " + shortSha + " of " + push.app() + " on the " + appStack + " stack");
            BuildResult result = runner.build(new BuildRequest(buildId.toString(), push.app(), push.newCommit(),
                    push.sourceTar(), full.config().values(), full.buildpacks(), settings.timeout(), settings.maxSlugBytes(),
                    appStack), tee);
            Artifact artifact = result.artifact();
            // An image is the container stack's artifact, whichever stack chose to build it.
            String builtOn = artifact instanceof Image ? Stack.CONTAINER : settings.slugStack();
            tee.line((artifact instanceof Image ? "-----> Image size: " : "-----> Compressed slug: ")
                    + megabytes(artifact.sizeBytes()));
            SlugRecord slug = new SlugRecord(UUID.randomUUID(), full.app().id(), artifact.sha256(),
                    artifact.sizeBytes(), push.newCommit(), result.buildpack(), builtOn, result.processTypes(), BuildRecords.now());
            Release release = artifact instanceof Image
                    ? releases.deploy(full.app().id(), full.user(), slug, "Deploy " + shortSha)
                    : slugFiles.recording(slug.sha256(),
                            () -> releases.deploy(full.app().id(), full.user(), slug, "Deploy " + shortSha));
            String by = full.user() == null ? push.user() : full.user().email();
            if (release.status() == Release.Status.PENDING) {
                tee.line("-----> Running release command: " + slug.processTypes().get(ReleasePhase.PROCESS_TYPE));
                // The release command's own lines reach the log stream as app[release.N].
                if (!gate.releasePhase(push.app(), release, toClient)) {
                    tee.line(" !     Release command failed: v" + release.version() + " is not live; the previous"
                            + " release keeps running. Fix the command and push again.");
                    finish(buildId, Build.Status.SUCCEEDED, slug.id(), release.id(), transcript);
                    listener.on(new AppEvent.Deployed(full.app().name(), by, shortSha, release.version(), true));
                    return new Rejected("release phase failed");
                }
                tee.line("-----> Release command succeeded");
            }
            listener.on(new AppEvent.Deployed(full.app().name(), by, shortSha, release.version(), false));
            tee.line("-----> Launching... released v" + release.version());
            tee.line("       " + settings.appUrl().apply(full.app().name()) + " deployed to paas");
            finish(buildId, Build.Status.SUCCEEDED, slug.id(), release.id(), transcript);
            log.info("deployed app={} commit={} release=v{} slug={}", push.app(), shortSha, release.version(), slug.sha256());
            return new Accepted();
        } catch (BuildFailedException e) {
            tee.line(" !     " + e.getMessage());
            tee.line(" !     Push rejected, failed to build " + push.app() + "; the running release is unchanged.");
            finish(buildId, Build.Status.FAILED, null, null, transcript);
            log.info("build failed app={} commit={}: {}", push.app(), shortSha, e.getMessage());
            return new Rejected("build failed");
        } catch (InterruptedException | RuntimeException e) {
            finish(buildId, Build.Status.FAILED, null, null, transcript);
            throw e;
        }
    }

    private void finish(UUID buildId, Build.Status status, UUID slugId, UUID releaseId, StringBuilder transcript) {
        String text;
        synchronized (transcript) {
            text = transcript.toString();
        }
        records.finish(buildId, status, slugId, releaseId, text);
    }

    private static String megabytes(long bytes) {
        return String.format("%.1fM", bytes / (1024.0 * 1024.0));
    }
}
