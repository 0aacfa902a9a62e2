package paas.process.slug;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import paas.vocabulary.tar.UnsafeTarException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SlugExtractorTest {
    @TempDir
    Path tmp;
    final SlugExtractor extractor = SlugExtractor.defaults();

    Path root() {
        return tmp.resolve("sandbox/root");
    }

    /** The file a hostile entry aims at, one level above the root: must never appear. */
    Path canary() {
        return tmp.resolve("sandbox/canary");
    }

    void assertRefused(TarBuilder slug, String message) throws IOException {
        Path file = slug.write(tmp.resolve("slug.tgz"));
        assertThatThrownBy(() -> extractor.extract(file, root()))
                .isInstanceOf(UnsafeTarException.class).hasMessageContaining(message);
        assertThat(canary()).doesNotExist();
        assertThat(root()).as("a refused slug leaves nothing behind").doesNotExist();
    }

    @Test
    void ordinarySlugUnpacksWithModesAndInternalLinks() throws IOException {
        Path slug = new TarBuilder().dir("./").file("./Procfile", "web: bin/web\n").dir("./bin")
                .file("./bin/web", "#!/bin/sh\n", 04755).dir(".profile.d").file(".profile.d/a.sh", "export A=1\n")
                .symlink("bin/start", "web").symlink("docs", "bin").hardlink("Procfile.copy", "Procfile")
                .file("deep/" + "x".repeat(120) + "/f", "long").write(tmp.resolve("ok.tgz"));
        extractor.extract(slug, root());
        assertThat(root().resolve("Procfile")).hasContent("web: bin/web");
        assertThat(Files.getPosixFilePermissions(root().resolve("bin/web"))).contains(PosixFilePermission.OWNER_EXECUTE,
                PosixFilePermission.OTHERS_EXECUTE);
        assertThat(Files.readSymbolicLink(root().resolve("bin/start"))).isEqualTo(Path.of("web"));
        assertThat(root().resolve("docs/web")).hasContent("#!/bin/sh");
        assertThat(root().resolve("Procfile.copy")).hasContent("web: bin/web");
        assertThat(root().resolve("deep/" + "x".repeat(120) + "/f")).hasContent("long");
    }

    @Test
    void absoluteEntryIsRejected() throws IOException {
        assertRefused(new TarBuilder().file(canary().toString(), "pwned"), "absolute");
    }

    @Test
    void dotDotEntryIsRejected() throws IOException {
        assertRefused(new TarBuilder().file("ok", "x").file("../canary", "pwned"), "'..'");
    }

    @Test
    void symlinkLeavingTheRootIsRejected() throws IOException {
        assertRefused(new TarBuilder().symlink("up", "../canary").file("up", "pwned"), "leaves the extraction root");
    }

    @Test
    void absoluteSymlinkIsRejected() throws IOException {
        assertRefused(new TarBuilder().symlink("up", canary().toString()), "absolute");
    }

    @Test
    void writingThroughAnInsideLinkIsRejected() throws IOException {
        // "sub" is a legitimate link to a directory inside; a file under it would be written
        // through the link, which a later link swap could redirect. Never write through links.
        assertRefused(new TarBuilder().dir("real").symlink("sub", "real").file("sub/f", "x"), "symbolic link");
    }

    @Test
    void linkChainEscapingThroughADirectoryLinkIsRejected() throws IOException {
        assertRefused(new TarBuilder().dir("d").symlink("d/l", "..").symlink("m", "d/l/..").file("x", "x"),
                "resolves outside");
    }

    @Test
    void hardLinkToAFileOutsideIsRejected() throws IOException {
        Files.createDirectories(canary().getParent());
        Path secret = Files.writeString(tmp.resolve("sandbox/secret"), "s");
        Path file = new TarBuilder().hardlink("h", "../secret").write(tmp.resolve("slug.tgz"));
        assertThatThrownBy(() -> extractor.extract(file, root())).hasMessageContaining("'..'");
        Path abs = new TarBuilder().hardlink("h", secret.toString()).write(tmp.resolve("slug2.tgz"));
        assertThatThrownBy(() -> extractor.extract(abs, root())).hasMessageContaining("absolute");
        assertThat(Files.readString(secret)).isEqualTo("s");
    }

    @Test
    void fifoIsRejected() throws IOException {
        assertRefused(new TarBuilder().fifo("pipe"), "FIFOs are not allowed");
    }

    @Test
    void slugOverTheByteLimitIsRejected() throws IOException {
        Path file = new TarBuilder().file("a", "x".repeat(600)).file("b", "x".repeat(600)).write(tmp.resolve("big.tgz"));
        assertThatThrownBy(() -> new SlugExtractor(1000, 10).extract(file, root())).hasMessageContaining("more than 1000 bytes");
        assertThat(Files.exists(root(), LinkOption.NOFOLLOW_LINKS)).isFalse();
    }

    @Test
    void filesKeepTheOwnersReadAndWrite() throws IOException {
        Path slug = new TarBuilder().file("ro.txt", "r", 0444).file("none", "n", 0).write(tmp.resolve("modes.tgz"));
        extractor.extract(slug, root());
        assertThat(Files.getPosixFilePermissions(root().resolve("ro.txt"))).containsExactlyInAnyOrder(
                PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE, PosixFilePermission.GROUP_READ,
                PosixFilePermission.OTHERS_READ);
        assertThat(Files.getPosixFilePermissions(root().resolve("none"))).containsExactlyInAnyOrder(
                PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    }

    @Test
    void slugThatIsNotGzipIsRejected() throws IOException {
        Path file = Files.writeString(tmp.resolve("plain.tar"), "not a gzip stream");
        assertThatThrownBy(() -> extractor.extract(file, root())).hasMessageContaining("GZIP");
        assertThat(Files.exists(root(), LinkOption.NOFOLLOW_LINKS)).isFalse();
    }
}
