package paas.builder;

/**
 * Turns pushed source into a slug by running buildpacks in a build container.
 * Blocking: call it from a worker thread. Thread-safe for builds of different apps; the caller
 * makes sure one app never has two builds at once.
 */
public interface BuildRunner {
    /**
     * @throws BuildFailedException when a buildpack fails, nothing detects the app, the build
     *                              times out or the slug is over the limit; no slug is kept then
     */
    BuildResult build(BuildRequest request, BuildOutput output) throws BuildFailedException, InterruptedException;
}
