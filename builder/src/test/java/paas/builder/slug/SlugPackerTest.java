package paas.builder.slug;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import paas.builder.support.Tars;
import paas.vocabulary.tar.SafeTar;
import paas.vocabulary.tar.UnsafeTarException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Date;
import java.util.HexFormat;
import java.util.Random;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SlugPackerTest {
    @TempDir
    Path tmp;

    private Path work() throws IOException {
        return Files.createDirectories(tmp.resolve("work"));
    }

    @Test
    void packsDirectoryContentsWithLongNamesAndAHashOfTheFile() throws Exception {
        String longName = "node_modules/" + "a".repeat(90) + "/" + "b".repeat(90) + "/index.js";
        assertThat(longName.getBytes(StandardCharsets.UTF_8).length).isGreaterThan(100);
        String longLink = "x/" + "l".repeat(120);
        Tars docker = new Tars().dir("app").file("app/Procfile", "web: node index.js\n")
                .file("app/" + longName, "module.exports = 1;")
                .dir("app/x").symlink("app/" + longLink, "../Procfile")
                .hardlink("app/Procfile.hard", "app/Procfile");
        SlugPacker.Packed packed = new SlugPacker(work()).pack(docker.stream(), "app", 1 << 20);

        byte[] bytes = Files.readAllBytes(packed.file());
        assertThat(packed.sizeBytes()).isEqualTo(bytes.length);
        assertThat(packed.sha256()).isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)));
        assertThat(packed.procfile()).hasValueSatisfying(p ->
                assertThat(new String(p, StandardCharsets.UTF_8)).isEqualTo("web: node index.js\n"));
        assertThat(Tars.list(packed.file()))
                .containsEntry(longName, "module.exports = 1;")
                .containsEntry(longLink, "-> ../Procfile")
                .containsEntry("Procfile.hard", "-> Procfile")
                .doesNotContainKey("app/")
                .doesNotContainKey("app/Procfile");

        // and it extracts with SafeTar, long names included
        Path root = tmp.resolve("root");
        new SafeTar(SafeTar.Limits.defaults()).extract(packed.file(), root);
        assertThat(Files.readString(root.resolve(longName))).isEqualTo("module.exports = 1;");
        assertThat(Files.readString(root.resolve(longLink))).isEqualTo("web: node index.js\n");
    }

    @Test
    void timesBeyondTheOctalFieldUsePosixBigNumbers() throws Exception {
        // 8^11 seconds after the epoch (year 2242) does not fit the 11-digit octal mtime field
        TarArchiveEntry future = new TarArchiveEntry("app/future.txt");
        future.setSize(2);
        future.setModTime(Date.from(Instant.parse("2300-01-01T00:00:00Z")));
        Tars docker = new Tars().dir("app").entry(future, "ok".getBytes(StandardCharsets.UTF_8));
        SlugPacker.Packed packed = new SlugPacker(work()).pack(docker.stream(), "app", 1 << 20);
        try (var in = new org.apache.commons.compress.archivers.tar.TarArchiveInputStream(
                new java.util.zip.GZIPInputStream(Files.newInputStream(packed.file())))) {
            TarArchiveEntry e = in.getNextEntry();
            assertThat(e.getName()).isEqualTo("future.txt");
            assertThat(e.getLastModifiedDate().toInstant()).isEqualTo(Instant.parse("2300-01-01T00:00:00Z"));
        }
    }

    @Test
    void slugOverTheLimitIsRefusedWithItsSizeAndNoFileIsLeft() throws IOException {
        byte[] noise = new byte[300_000];
        new Random(1).nextBytes(noise);   // incompressible
        Tars docker = new Tars().dir("app").file("app/blob.bin", noise, 0644);
        Path work = work();
        assertThatThrownBy(() -> new SlugPacker(work).pack(docker.stream(), "app", 100_000))
                .isInstanceOfSatisfying(SlugPacker.SlugTooLargeException.class, e -> {
                    assertThat(e.limitBytes()).isEqualTo(100_000);
                    assertThat(e.sizeBytes()).isGreaterThan(300_000);
                    assertThat(e.getMessage()).contains("over the limit of", "(100000 bytes)", "" + e.sizeBytes());
                });
        try (Stream<Path> left = Files.list(work)) {
            assertThat(left).isEmpty();
        }
    }

    @Test
    void symlinkLeavingTheAppFailsThePacking() throws IOException {
        Path work = work();
        Tars docker = new Tars().dir("app").symlink("app/python", "/usr/bin/python3");
        assertThatThrownBy(() -> new SlugPacker(work).pack(docker.stream(), "app", 1 << 20))
                .isInstanceOf(UnsafeTarException.class)
                .hasMessageContaining("'python' -> '/usr/bin/python3'");
        try (Stream<Path> left = Files.list(work)) {
            assertThat(left).isEmpty();
        }
    }

    @Test
    void entryOutsideTheTopDirectoryIsRefused() throws IOException {
        Tars docker = new Tars().dir("app").file("etc/passwd", "x");
        assertThatThrownBy(() -> new SlugPacker(work()).pack(docker.stream(), "app", 1 << 20))
                .hasMessageContaining("not under app/");
    }

    @Test
    void oversizedProcfileIsRefused() throws IOException {
        Tars docker = new Tars().dir("app").file("app/Procfile", "web: x\n".repeat(20_000));
        assertThatThrownBy(() -> new SlugPacker(work()).pack(docker.stream(), "app", 1 << 24))
                .hasMessageContaining("Procfile is");
    }
}
