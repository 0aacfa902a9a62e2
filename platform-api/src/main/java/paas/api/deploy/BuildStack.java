package paas.api.deploy;

import paas.builder.BuildFailedException;
import paas.builder.BuildOutput;

/**
 * What a build waits for before it runs: the Docker engine and the stack images, which paasd may
 * still be preparing when a push arrives.
 */
@FunctionalInterface
public interface BuildStack {
    /** Nothing to wait for: the operator manages the engine and the images (PAAS_PREPARE=off). */
    BuildStack MANAGED_ELSEWHERE = output -> {
    };

    /**
     * Returns once the stack is ready, writing its progress to {@code output} meanwhile. Blocks
     * without holding a carrier thread (a push's virtual thread may call it).
     *
     * @throws BuildFailedException when it cannot become ready, with the command that fixes it
     */
    void awaitReady(BuildOutput output) throws BuildFailedException, InterruptedException;
}
