package paas.api.dynos;

import paas.api.deploy.ReleaseGate;
import paas.api.domain.Release;
import paas.builder.BuildOutput;

/** The release phase of a deploy, its output going back to the {@code git push} terminal. */
public final class DeployReleaseGate implements ReleaseGate {
    private final AppStateReader reader;
    private final ReleasePhases phases;

    public DeployReleaseGate(AppStateReader reader, ReleasePhases phases) {
        this.reader = reader;
        this.phases = phases;
    }

    @Override
    public boolean releasePhase(String app, Release release, BuildOutput output) throws InterruptedException {
        AppState.RunnableRelease pending = reader.load(app).flatMap(AppState::pending)
                .filter(p -> p.release().id().equals(release.id()))
                .orElse(null);
        if (pending == null) {
            output.line("       v" + release.version() + " is no longer waiting for its release phase");
            return false;
        }
        return phases.run(app, pending, line -> output.line("       " + line)).succeeded();
    }
}
