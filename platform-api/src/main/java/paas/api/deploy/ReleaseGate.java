package paas.api.deploy;

import paas.api.domain.Release;
import paas.builder.BuildOutput;

/** What a deploy does after its release is recorded and before it calls the deploy done. */
public interface ReleaseGate {
    /** Releases without a release phase go live at once. */
    ReleaseGate NONE = (app, release, output) -> true;

    /**
     * Runs the release phase of a {@code pending} release, its output going to {@code output},
     * and answers whether the release went live. Called only for pending releases.
     */
    boolean releasePhase(String app, Release release, BuildOutput output) throws InterruptedException;
}
