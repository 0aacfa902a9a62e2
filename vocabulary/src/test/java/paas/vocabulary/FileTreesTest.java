package paas.vocabulary;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;

class FileTreesTest {
    @TempDir
    Path tmp;

    @Test
    void deletesReadOnlyDirectoriesAndLinksWithoutFollowingThem() throws Exception {
        Path outside = Files.createDirectories(tmp.resolve("outside"));
        Files.writeString(outside.resolve("keep.txt"), "not the tree's");
        Path root = Files.createDirectories(tmp.resolve("tree/a/b"));
        Files.writeString(root.resolve("file.txt"), "x");
        Files.createSymbolicLink(tmp.resolve("tree/a/link-to-outside"), outside);
        Files.createSymbolicLink(tmp.resolve("tree/dangling"), tmp.resolve("nowhere"));
        Files.setPosixFilePermissions(tmp.resolve("tree/a/b"), PosixFilePermissions.fromString("r-xr-xr-x"));
        Files.setPosixFilePermissions(tmp.resolve("tree/a"), PosixFilePermissions.fromString("r-xr-xr-x"));

        FileTrees.delete(tmp.resolve("tree"));

        assertThat(tmp.resolve("tree")).doesNotExist();
        assertThat(outside.resolve("keep.txt")).hasContent("not the tree's");
        FileTrees.delete(tmp.resolve("tree")); // missing is fine
    }
}
