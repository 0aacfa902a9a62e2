package paas.vocabulary.tar;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SafeTarTest {
    @TempDir
    Path tmp;
    Path root;
    Path outside;
    final SafeTar safeTar = new SafeTar(SafeTar.Limits.defaults());

    @BeforeEach
    void dirs() throws IOException {
        // root = tmp/a/root; "outside" is tmp/a, where ../canary would land
        outside = Files.createDirectories(tmp.resolve("a"));
        root = outside.resolve("root");
    }

    private void assertRefusedAndNoCanary(Tars tar, String message) throws IOException {
        boolean rootExisted = Files.exists(root);
        assertThatThrownBy(() -> safeTar.extract(tar.stream(), root))
                .isInstanceOf(UnsafeTarException.class)
                .hasMessageContaining(message);
        assertThat(canaries(tmp)).as("canary files anywhere under " + tmp).isEmpty();
        assertLeftAsFound(rootExisted);
    }

    /** A refusal leaves the file system as it was: a root that existed is empty, one the extraction created is gone. */
    private void assertLeftAsFound(boolean rootExisted) throws IOException {
        if (!rootExisted) {
            assertThat(root).as("the root the refused extraction created is removed").doesNotExist();
            return;
        }
        try (Stream<Path> left = Files.list(root)) {
            assertThat(left).as("nothing left in the root after a refusal").isEmpty();
        }
    }

    private static java.util.List<Path> canaries(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(p -> p.getFileName().toString().startsWith("canary")).toList();
        }
    }

    @Test
    void regularArchiveIsExtractedWithModesAndRelativeLinks() throws IOException {
        Tars tar = new Tars().dir("bin").file("bin/run", "#!/bin/sh\necho hi\n".getBytes(StandardCharsets.UTF_8), 04755)
                .file("a/b/c.txt", "deep").symlink("a/link", "b/c.txt").hardlink("a/hard", "a/b/c.txt")
                .symlink("node_modules/.bin/tool", "../tool/cli.js");
        SafeTar.Summary summary = safeTar.extract(tar.stream(), root);

        assertThat(summary.entries()).isEqualTo(6);
        assertThat(Files.readString(root.resolve("a/link"))).isEqualTo("deep");
        assertThat(Files.readString(root.resolve("a/hard"))).isEqualTo("deep");
        assertThat(Files.readSymbolicLink(root.resolve("node_modules/.bin/tool")).toString()).isEqualTo("../tool/cli.js");
        assertThat(Files.getPosixFilePermissions(root.resolve("bin/run")))
                .contains(PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OTHERS_EXECUTE);
        // set-uid is dropped: the mode is exactly 0755
        assertThat(Files.getPosixFilePermissions(root.resolve("bin/run"))).hasSize(7);
    }

    @Test
    void dotDotEntryIsRefusedAndCanaryNotWritten() throws IOException {
        assertRefusedAndNoCanary(new Tars().file("ok.txt", "fine").file("../canary", "pwned"), "'..' leaves the root");
    }

    @Test
    void nestedDotDotEntryIsRefused() throws IOException {
        assertRefusedAndNoCanary(new Tars().file("x/../../canary", "pwned"), "'..' leaves the root");
    }

    @Test
    void absolutePathIsRefused() throws IOException {
        String abs = outside.resolve("canary-abs").toString();
        assertRefusedAndNoCanary(new Tars().file(abs, "pwned"), "absolute path");
    }

    @Test
    void symlinkToParentThenWriteThroughItIsRefused() throws IOException {
        assertRefusedAndNoCanary(new Tars().symlink("up", "..").file("up/canary", "pwned"), "leaves the extraction root");
    }

    @Test
    void absoluteSymlinkIsRefused() throws IOException {
        assertRefusedAndNoCanary(new Tars().symlink("out", outside.toString()).file("out/canary", "pwned"),
                "leaves the extraction root");
        assertRefusedAndNoCanary(new Tars().symlink("out", outside.toString()), "an absolute path");
    }

    @Test
    void symlinkChainLeavingThroughADirectoryLinkIsRefused() throws IOException {
        // each link stays inside lexically, but "m" -> "d/l/.." is the root's parent once "d/l" -> ".." resolves
        assertRefusedAndNoCanary(new Tars().dir("d").symlink("d/l", "..").symlink("m", "d/l/..").file("x", "x"),
                "resolves outside the extraction root");
    }

    @Test
    void symlinkChainThatLeavesPhysicallyIsNotWrittenThrough() throws IOException {
        // "self" -> "." stays inside; "esc" -> "self/.." is inside lexically but is the parent physically.
        // Writing through any link is refused, so the canary cannot land outside.
        assertRefusedAndNoCanary(new Tars().symlink("self", ".").symlink("esc", "self/..").file("esc/canary", "pwned"),
                "is a symbolic link");
    }

    @Test
    void fileReplacingAnEarlierSymlinkIsRefused() throws IOException {
        Files.createDirectories(root);
        // a link to a sibling inside the root, then a file of the same name: must not write through it
        assertRefusedAndNoCanary(new Tars().file("canary-target-inside", "x").symlink("f", "canary-target-inside")
                .file("f", "overwrite"), "duplicate entry");
    }

    @Test
    void hardlinkToAFileOutsideIsRefused() throws IOException {
        Path secret = Files.writeString(outside.resolve("secret.txt"), "secret");
        assertRefusedAndNoCanary(new Tars().hardlink("canary-link", "../secret.txt"), "'..' leaves the root");
        assertRefusedAndNoCanary(new Tars().hardlink("canary-link", secret.toString()), "absolute path");
        assertThat(Files.readString(secret)).isEqualTo("secret");
    }

    @Test
    void hardlinkThroughASymlinkedDirectoryIsRefused() throws IOException {
        Files.writeString(outside.resolve("secret.txt"), "secret");
        assertRefusedAndNoCanary(new Tars().symlink("d", ".").hardlink("canary-link", "d/../secret.txt"),
                "'..' leaves the root");
        assertRefusedAndNoCanary(new Tars().file("real.txt", "x").symlink("d", ".").hardlink("canary-link", "d/real.txt"),
                "not a real directory");
    }

    @Test
    void deviceFilesAndFifosAreRefused() throws IOException {
        TarArchiveEntry dev = new TarArchiveEntry("canary-dev", TarConstants.LF_CHR);
        dev.setDevMajor(1);
        dev.setDevMinor(3);
        assertRefusedAndNoCanary(new Tars().entry(dev, null), "device files");
        assertRefusedAndNoCanary(new Tars().entry(new TarArchiveEntry("canary-fifo", TarConstants.LF_FIFO), null), "FIFO");
    }

    @Test
    void entryCountAndSizeLimitsAreEnforced() throws IOException {
        Files.createDirectories(root);
        SafeTar small = new SafeTar(new SafeTar.Limits(2, 10, 8));
        assertThatThrownBy(() -> small.extract(new Tars().file("a", "1").file("b", "2").file("c", "3").stream(), root))
                .hasMessageContaining("more than 2 entries");
        assertThatThrownBy(() -> small.extract(new Tars().file("a", "123456789").stream(), root))
                .hasMessageContaining("over the limit of 8");
        assertThatThrownBy(() -> small.extract(new Tars().file("a", "123456").file("b", "123456").stream(), root))
                .hasMessageContaining("more than 10 bytes");
        assertLeftAsFound(true);
    }

    @Test
    void refusedArchiveRemovesTheRootItCreated() throws IOException {
        Path nested = tmp.resolve("new/parents/root");
        assertThatThrownBy(() -> safeTar.extract(new Tars().file("a", "1").file("a", "2").stream(), nested))
                .hasMessageContaining("duplicate entry");
        assertThat(nested).doesNotExist();
    }

    @Test
    void nonEmptyRootIsRefused() throws IOException {
        Files.createDirectories(root);
        Files.writeString(root.resolve("existing"), "x");
        assertThatThrownBy(() -> safeTar.extract(new Tars().file("a", "1").stream(), root))
                .hasMessageContaining("not empty");
        assertThat(Files.readString(root.resolve("existing"))).isEqualTo("x");
    }

    @Test
    void readOnlyDirectoryDoesNotBlockLaterEntries() throws IOException {
        TarArchiveEntry ro = new TarArchiveEntry("ro/");
        ro.setMode(0555);
        safeTar.extract(new Tars().entry(ro, null).file("ro/inside.txt", "ok").stream(), root);
        assertThat(Files.readString(root.resolve("ro/inside.txt"))).isEqualTo("ok");
    }

    @Test
    void gzipArchiveFileIsDetected() throws IOException {
        Path tgz = new Tars().file("hello.txt", "hi").gzipTo(tmp.resolve("x.tgz"));
        safeTar.extract(tgz, root);
        assertThat(Files.readString(root.resolve("hello.txt"))).isEqualTo("hi");
    }

    @Test
    void plainTarFileIsDetectedAndRefusedWhereGzipIsRequired() throws IOException {
        Path tar = new Tars().file("hello.txt", "hi").writeTo(tmp.resolve("x.tar"));
        assertThatThrownBy(() -> safeTar.extractGzip(tar, root)).hasMessageContaining("GZIP");
        assertThat(root).doesNotExist();
        safeTar.extract(tar, root);
        assertThat(Files.readString(root.resolve("hello.txt"))).isEqualTo("hi");
    }

    @Test
    void requiredGzipArchiveIsExtracted() throws IOException {
        Path tgz = new Tars().file("hello.txt", "hi").gzipTo(tmp.resolve("x.tgz"));
        safeTar.extractGzip(tgz, root);
        assertThat(Files.readString(root.resolve("hello.txt"))).isEqualTo("hi");
    }

    @Test
    void permissionsAreAsArchivedOrKeepTheOwnersReadAndWrite() throws IOException {
        Tars tar = new Tars().file("ro.txt", "r".getBytes(StandardCharsets.UTF_8), 0444)
                .file("none", "n".getBytes(StandardCharsets.UTF_8), 0);
        safeTar.extract(tar.stream(), root);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(root.resolve("ro.txt")))).isEqualTo("r--r--r--");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(root.resolve("none")))).isEqualTo("---------");

        Path other = tmp.resolve("owner");
        new SafeTar(SafeTar.Limits.defaults(), SafeTar.Permissions.OWNER_READ_WRITE).extract(tar.stream(), other);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(other.resolve("ro.txt")))).isEqualTo("rw-r--r--");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(other.resolve("none")))).isEqualTo("rw-------");
    }
}
