package paas.builder.buildpack;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every shipped buildpack's {@code bin/release}, run as the build runs it, prints what
 * {@link ReleaseYaml} accepts, for an app with a Procfile and one without: the most common real
 * app brings its own Procfile, which the first fixtures never did.
 */
class ShippedReleaseScriptsTest {
    private static final Path BUILDPACKS = Path.of("src/main/resources/buildpacks");

    @ParameterizedTest
    @ValueSource(strings = {"nodejs", "java-maven", "python", "go", "static", "procfile"})
    void releaseOutputIsReadWithAndWithoutAProcfile(String buildpack, @TempDir Path app) throws Exception {
        Files.createDirectories(app.resolve("target"));
        Files.writeString(app.resolve("target/demo-0.0.1.jar"), "jar");
        Files.createDirectories(app.resolve(".heroku/python"));
        Files.writeString(app.resolve(".heroku/python/default-web"), "gunicorn app:app\n");
        Files.createDirectories(app.resolve(".paas/go"));
        Files.writeString(app.resolve(".paas/go/process-types"), "web: bin/hello\nworker: bin/worker\n");
        Map<String, String> withoutProcfile = ReleaseYaml.defaultProcessTypes(release(buildpack, app), buildpack);
        if (!buildpack.equals("procfile")) {
            assertThat(withoutProcfile).containsKey("web");
        }

        Files.writeString(app.resolve("Procfile"), "web: node index.js\n");
        Map<String, String> withProcfile = ReleaseYaml.defaultProcessTypes(release(buildpack, app), buildpack);
        if (!buildpack.equals("static")) {
            assertThat(withProcfile).as("the Procfile declares the types, not the buildpack").isEmpty();
        }
    }

    private static byte[] release(String buildpack, Path app) throws Exception {
        Process p = new ProcessBuilder(List.of("bash", BUILDPACKS.resolve(buildpack).resolve("bin/release").toString(),
                app.toString())).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor()).isZero();
        return out;
    }
}
