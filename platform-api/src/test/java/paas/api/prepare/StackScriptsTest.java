package paas.api.prepare;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;

class StackScriptsTest {
    @TempDir
    Path root;

    void script(String path, String mode) throws Exception {
        Path p = root.resolve(path);
        Files.createDirectories(p.getParent());
        Files.writeString(p, "#!/bin/sh\n");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(mode));
    }

    @Test
    void theScriptsAreFoundFromPaasdsJarAsBinPaasdLaysItOut() throws Exception {
        script("deploy/docker/ensure-engine.sh", "rwxr-xr-x");
        script("deploy/stack/build.sh", "rwxr-xr-x");
        Path jar = Files.createDirectories(root.resolve("platform-api/target")).resolve("platform-api.jar");
        assertThat(StackScripts.near(jar)).contains(new StackScripts(root.resolve("deploy/docker/ensure-engine.sh"),
                root.resolve("deploy/stack/build.sh")));
        assertThat(StackScripts.near(root.resolve("platform-api/target/classes"))).isPresent();
    }

    @Test
    void missingOrNotExecutableScriptsAreNotFound() throws Exception {
        Path jar = Files.createDirectories(root.resolve("platform-api/target")).resolve("platform-api.jar");
        assertThat(StackScripts.near(jar)).isEmpty();
        script("deploy/docker/ensure-engine.sh", "rwxr-xr-x");
        script("deploy/stack/build.sh", "rw-r--r--");
        assertThat(StackScripts.near(jar)).isEmpty();
    }

    @Test
    void thisBuildsOwnScriptsAreFoundFromItsClasses() {
        assertThat(StackScripts.near(StackScripts.codeOf(StackPreparer.class))).isPresent();
    }
}
