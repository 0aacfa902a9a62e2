package paas.builder.docker;

import paas.builder.BuildFailedException;
import paas.builder.BuildOutput;
import paas.builder.BuildRequest;
import paas.builder.buildpack.AppBase;
import paas.builder.buildpack.Buildpack;
import paas.builder.buildpack.SourceArchive;
import paas.vocabulary.tar.UnsafeTarException;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * What a buildpack build sends into its container before it starts, as two tars in the build's
 * work directory: the app's source at its base with {@code .slugignore} applied (for
 * {@code /app}), and the {@link BuildBundle} of driver, buildpacks and config vars (for
 * {@code /tmp}); every entry owned by the build user.
 */
record BuildInputs(Path source, Path bundle) {

    /**
     * Writes both tars into {@code dir}, telling the output what {@code .slugignore} removed or skipped.
     *
     * @param slugIgnore the app's {@code .slugignore}, null when it has none
     */
    static BuildInputs write(Path dir, BuildRequest request, AppBase base, byte[] slugIgnore, byte[] driver,
                             List<Buildpack> buildpacks, DockerBuildConfig config, BuildOutput output)
            throws BuildFailedException, IOException {
        BuildInputs inputs = new BuildInputs(dir.resolve("source.tar"), dir.resolve("bundle.tar"));
        writeSource(request, base, slugIgnore, inputs.source(), config, output);
        boolean detect = request.buildpacks().isEmpty();
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(inputs.bundle()))) {
            BuildBundle.write(out, driver, buildpacks, detect, request.configVars(), config.uid(), config.gid());
        }
        return inputs;
    }

    /** Extracts both into the (created, not started) container, then deletes them here. */
    void sendTo(BuildContainer container) throws IOException {
        container.upload(source, "/app");
        container.upload(bundle, "/tmp");
        Files.delete(source);
        Files.delete(bundle);
    }

    private static void writeSource(BuildRequest request, AppBase base, byte[] slugIgnore, Path target,
                                    DockerBuildConfig config, BuildOutput output) throws BuildFailedException, IOException {
        SourceArchive.Prepared prepared;
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(target))) {
            prepared = SourceArchive.prepare(request.sourceTar(), base, SourceArchive.slugIgnore(slugIgnore), out,
                    config.uid(), config.gid(), config.sourceLimits());
        } catch (UnsafeTarException | AppBase.MissingException e) {
            throw new BuildFailedException(e.getMessage(), e);
        }
        for (String line : prepared.unsupportedIgnoreLines()) {
            output.line(" !     .slugignore: skipped '" + line + "' (negation with ! is not supported)");
        }
        if (prepared.ignored() > 0) {
            output.line("-----> .slugignore removed " + prepared.ignored() + " entries before the build");
        }
    }
}
