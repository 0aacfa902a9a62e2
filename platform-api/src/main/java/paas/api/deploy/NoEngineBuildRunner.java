package paas.api.deploy;

import paas.builder.BuildFailedException;
import paas.builder.BuildOutput;
import paas.builder.BuildRequest;
import paas.builder.BuildResult;
import paas.builder.BuildRunner;

/** Stands in for the Docker build runner when no engine answers: every push says how to get one. */
public final class NoEngineBuildRunner implements BuildRunner {
    private final String dockerHost;

    public NoEngineBuildRunner(String dockerHost) {
        this.dockerHost = dockerHost;
    }

    @Override
    public BuildResult build(BuildRequest request, BuildOutput output) throws BuildFailedException {
        throw new BuildFailedException("builds run in containers and no Docker engine answers at " + dockerHost
                + ": start one (deploy/docker/ensure-engine.sh), build the stack images (deploy/stack/build.sh),"
                + " then restart paasd");
    }
}
