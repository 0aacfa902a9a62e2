package paas.api;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;

class DataDirTest {
    @TempDir
    Path tmp;

    @Test
    void scratchFilesOfAKilledPaasdAreRemovedAndNothingElse() throws Exception {
        Path data = tmp.resolve("data");
        DataDir.prepare(data);
        Path scratch = DataDir.scratch(data);
        Files.createDirectories(scratch.resolve("builds/build-123/app"));
        Files.writeString(scratch.resolve("builds/build-123/app/server.js"), "x");
        Files.createDirectories(scratch.resolve("git"));
        Files.writeString(scratch.resolve("git/source-web-1.tar"), "tar");
        Path outside = Files.createDirectories(tmp.resolve("elsewhere"));
        Files.writeString(outside.resolve("keep"), "k");
        Files.createSymbolicLink(scratch.resolve("link-out"), outside);
        Files.createDirectories(data.resolve("slugs"));
        Files.writeString(data.resolve("slugs/a.tgz"), "slug");

        DataDir.emptyScratch(data);

        assertThat(scratch).doesNotExist();
        assertThat(outside.resolve("keep")).as("a link in scratch is removed, not followed").exists();
        assertThat(data.resolve("slugs/a.tgz")).exists();
    }

    @Test
    void aMissingScratchDirIsNothingToDo() {
        Path data = tmp.resolve("fresh");
        DataDir.prepare(data);
        DataDir.emptyScratch(data);
        assertThat(DataDir.scratch(data)).doesNotExist();
    }

    @Test
    void theDataDirIsCreatedForItsOwnerOnly() throws Exception {
        Path data = tmp.resolve("owner-only");
        DataDir.prepare(data);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data))).isEqualTo("rwx------");
    }
}
