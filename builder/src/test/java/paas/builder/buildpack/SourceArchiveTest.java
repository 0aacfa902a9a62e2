package paas.builder.buildpack;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import paas.builder.support.Tars;
import paas.vocabulary.tar.SafeTar;
import paas.vocabulary.tar.UnsafeTarException;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SourceArchiveTest {
    @TempDir
    Path tmp;

    /** name -> "uid:gid mode" of the prepared upload. */
    private Map<String, String> prepare(byte[] source, boolean gzip) throws IOException {
        return prepare(source, gzip, AppBase.ROOT);
    }

    private Map<String, String> prepare(byte[] source, boolean gzip, AppBase base) throws IOException {
        Path file = tmp.resolve(gzip ? "src.tgz" : "src.tar");
        if (gzip) {
            try (var out = new GZIPOutputStream(Files.newOutputStream(file))) {
                out.write(source);
            }
        } else {
            Files.write(file, source);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        SourceArchive.prepare(file, base, out, 1000, 1001, SafeTar.Limits.defaults());
        Map<String, String> entries = new LinkedHashMap<>();
        TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(out.toByteArray()));
        TarArchiveEntry e;
        while ((e = in.getNextEntry()) != null) {
            entries.put(e.getName(), e.getLongUserId() + ":" + e.getLongGroupId() + " " + Integer.toOctalString(e.getMode()));
        }
        return entries;
    }

    @Test
    void anAppBaseKeepsOnlyItsDirectoryAsTheRootWithItsOwnSlugignore() throws IOException {
        byte[] src = new Tars().file("README.md", "monorepo").file(".slugignore", "*.js\n")
                .file("services/api/Procfile", "web: ./api").file("services/web/Procfile", "web: node index.js")
                .file("services/web/index.js", "code").file("services/web/.slugignore", "/docs\n")
                .file("services/web/docs/a.md", "doc").symlink("services/web/current", "index.js")
                .hardlink("services/web/index2.js", "services/web/index.js").file("services/webby/x", "not web").bytes();
        Map<String, String> entries = prepare(src, false, new AppBase("services/web"));
        assertThat(entries.keySet()).containsExactlyInAnyOrder("Procfile", "index.js", ".slugignore", "current",
                "index2.js");
    }

    @Test
    void anAppBaseTheSourceLacksFailsWithTheFix() {
        byte[] src = new Tars().file("services/web/index.js", "code").bytes();
        assertThatThrownBy(() -> prepare(src, false, new AppBase("services/wbe")))
                .isInstanceOf(AppBase.MissingException.class)
                .hasMessageContaining("this push has no directory services/wbe")
                .hasMessageContaining("paas config:unset PAAS_APP_BASE");
    }

    @Test
    void linksOutOfTheAppBaseAreRefused() {
        byte[] symlink = new Tars().file("shared/lib.js", "x").symlink("web/lib.js", "../shared/lib.js").bytes();
        assertThatThrownBy(() -> prepare(symlink, false, new AppBase("web")))
                .isInstanceOf(UnsafeTarException.class).hasMessageContaining("leaves the app");
        byte[] hardlink = new Tars().file("shared/lib.js", "x").hardlink("web/lib.js", "shared/lib.js").bytes();
        assertThatThrownBy(() -> prepare(hardlink, false, new AppBase("web")))
                .isInstanceOf(UnsafeTarException.class).hasMessageContaining("outside web");
    }

    @Test
    void slugignoreRemovesMatchesBeforeTheBuild() throws IOException {
        byte[] src = new Tars().file("pax_ok.txt", "x").file(".slugignore", "*.psd\n/docs\n")
                .file("design.psd", "big").file("docs/a.md", "doc").file("src/docs/keep.md", "keep")
                .file("src/app.js", "code").bytes();
        Map<String, String> entries = prepare(src, true);
        assertThat(entries.keySet()).contains(".slugignore", "src/", "src/app.js", "src/docs/keep.md", "pax_ok.txt")
                .doesNotContain("design.psd", "docs/", "docs/a.md");
    }

    @Test
    void everyEntryAndEveryParentIsOwnedByTheBuildUserAndWritable() throws IOException {
        byte[] src = new Tars().file("deep/er/file.txt", "x".getBytes(), 0444).file("run.sh", "#!/bin/sh".getBytes(), 0755)
                .bytes();
        Map<String, String> entries = prepare(src, false);
        assertThat(entries).containsEntry("deep/", "1000:1001 755")
                .containsEntry("deep/er/", "1000:1001 755")
                .containsEntry("deep/er/file.txt", "1000:1001 644")
                .containsEntry("run.sh", "1000:1001 755");
        assertThat(entries.keySet()).containsSubsequence("deep/", "deep/er/", "deep/er/file.txt");
    }

    @Test
    void escapingSourceEntriesAreRefused() {
        assertThatThrownBy(() -> prepare(new Tars().file("../canary", "x").bytes(), false))
                .isInstanceOf(UnsafeTarException.class).hasMessageContaining("'..'");
        assertThatThrownBy(() -> prepare(new Tars().symlink("etc", "/etc").bytes(), false))
                .isInstanceOf(UnsafeTarException.class).hasMessageContaining("leaves the app");
        assertThatThrownBy(() -> prepare(new Tars().file("/abs", "x").bytes(), false))
                .isInstanceOf(UnsafeTarException.class).hasMessageContaining("absolute");
    }
}
