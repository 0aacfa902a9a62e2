package paas.builder.buildpack;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import paas.builder.BuildFailedException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BuildpackCatalogTest {
    @TempDir
    Path tmp;

    @Test
    void filesTxtListsEveryShippedFile() throws IOException {
        Path dir = Path.of("src/main/resources/buildpacks");
        List<String> onDisk;
        try (Stream<Path> walk = Files.walk(dir)) {
            onDisk = walk.filter(Files::isRegularFile).map(p -> dir.relativize(p).toString())
                    .filter(p -> p.contains("/")).sorted().toList();
        }
        List<String> listed = Files.readAllLines(dir.resolve("files.txt")).stream()
                .map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).sorted().toList();
        assertThat(listed).isEqualTo(onDisk);
    }

    @Test
    void noChoiceMeansEveryShippedBuildpackInDetectionOrder() throws BuildFailedException {
        List<Buildpack> bps = new BuildpackCatalog(List.of()).resolve(List.of());
        assertThat(bps).extracting(Buildpack::spec).containsExactly("nodejs", "java-maven", "python", "go",
                "static", "procfile");
        assertThat(bps.get(0).files()).containsKeys("bin/detect", "bin/compile", "bin/release", "lib/npm-shim.js");
        assertThat(new String(bps.get(0).files().get("bin/compile"), StandardCharsets.UTF_8)).startsWith("#!/usr/bin/env bash");
        assertThat(bps.get(0).modeOf("bin/detect")).isEqualTo(0755);
        assertThat(bps.get(0).modeOf("lib/npm-shim.js")).isEqualTo(0644);
    }

    private static List<Buildpack> resolveAll() {
        try {
            return new BuildpackCatalog(List.of()).resolve(List.of());
        } catch (BuildFailedException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void shippedScriptsUseStrictBash() {
        for (Buildpack bp : resolveAll()) {
            for (var f : bp.files().entrySet()) {
                if (f.getKey().startsWith("bin/")) {
                    assertThat(new String(f.getValue(), StandardCharsets.UTF_8))
                            .as(bp.spec() + "/" + f.getKey()).startsWith("#!/usr/bin/env bash").contains("set -euo pipefail");
                }
            }
        }
    }

    @Test
    void customBuildpacksAreFoundByNameOrByPathInsideARoot() throws Exception {
        Path root = Files.createDirectories(tmp.resolve("bps"));
        Path mine = Files.createDirectories(root.resolve("mine/bin"));
        Files.writeString(mine.resolve("detect"), "#!/bin/sh\necho Mine\n");
        Files.writeString(mine.resolve("compile"), "#!/bin/sh\n");
        BuildpackCatalog catalog = new BuildpackCatalog(List.of(root));

        assertThat(catalog.resolve(List.of("mine")).get(0).files()).containsKeys("bin/detect", "bin/compile");
        assertThat(catalog.resolve(List.of(root.resolve("mine").toString(), "nodejs")))
                .extracting(Buildpack::spec).containsExactly(root.resolve("mine").toString(), "nodejs");
    }

    @Test
    void pathsOutsideTheRootsAndLinksAreRefused() throws Exception {
        Path root = Files.createDirectories(tmp.resolve("bps"));
        Path outside = Files.createDirectories(tmp.resolve("elsewhere/bin"));
        Files.writeString(outside.resolve("detect"), "x");
        Files.writeString(outside.resolve("compile"), "x");
        Files.createSymbolicLink(root.resolve("sneaky"), outside.getParent());
        Path withLink = Files.createDirectories(root.resolve("withlink/bin"));
        Files.writeString(withLink.resolve("detect"), "x");
        Files.createSymbolicLink(withLink.resolve("compile"), Path.of("/etc/passwd"));
        BuildpackCatalog catalog = new BuildpackCatalog(List.of(root));

        assertThatThrownBy(() -> catalog.resolve(List.of(outside.getParent().toString())))
                .isInstanceOf(BuildFailedException.class).hasMessageContaining("not inside a buildpack directory");
        assertThatThrownBy(() -> catalog.resolve(List.of("sneaky"))).hasMessageContaining("resolves outside");
        assertThatThrownBy(() -> catalog.resolve(List.of(root.resolve("sneaky").toString())))
                .hasMessageContaining("not inside a buildpack directory");
        assertThatThrownBy(() -> catalog.resolve(List.of("withlink"))).hasMessageContaining("not a regular file");
    }

    @Test
    void herokuNamesOfOfficialBuildpacksResolveToTheShippedOnes() throws BuildFailedException {
        BuildpackCatalog catalog = new BuildpackCatalog(List.of());
        assertThat(catalog.resolve(List.of("heroku/nodejs", "heroku/java", "heroku/python", "heroku/go",
                "heroku/procfile", "heroku-community/static")))
                .extracting(Buildpack::spec).containsExactly("nodejs", "java-maven", "python", "go", "procfile", "static");
        catalog.check("heroku/nodejs");
        assertThatThrownBy(() -> catalog.check("heroku/ruby"))
                .hasMessageContaining("'heroku/ruby' has no built-in counterpart").hasMessageContaining("heroku/nodejs");
    }

    @Test
    void unknownNamesSshUrlsAndUnreachableGitUrlsAreRefusedWithWhatIsAccepted() {
        BuildpackCatalog catalog = new BuildpackCatalog(List.of());
        assertThatThrownBy(() -> catalog.resolve(List.of("ruby")))
                .hasMessageContaining("unknown buildpack 'ruby'").hasMessageContaining("nodejs, java-maven, python, go, static, procfile");
        assertThatThrownBy(() -> catalog.resolve(List.of("git@github.com:heroku/heroku-buildpack-ruby.git")))
                .hasMessageContaining("ssh git URL").hasMessageContaining("https://");
        assertThatThrownBy(() -> catalog.resolve(List.of("https://127.0.0.1:1/nobody/nothing.git")))
                .isInstanceOf(BuildFailedException.class).hasMessageContaining("could not be fetched");
        assertThatThrownBy(() -> catalog.resolve(List.of("../../etc"))).hasMessageContaining("unknown buildpack");
    }

    @Test
    void gitUrlBuildpacksAreClonedAtTheirRefWithoutTheirHistory() throws Exception {
        Path source = Files.createDirectories(tmp.resolve("bp-repo"));
        try (org.eclipse.jgit.api.Git git = org.eclipse.jgit.api.Git.init().setDirectory(source.toFile())
                .setInitialBranch("main").call()) {
            Files.createDirectories(source.resolve("bin"));
            Files.writeString(source.resolve("bin/detect"), "#!/bin/sh\necho Old\n");
            Files.writeString(source.resolve("bin/compile"), "#!/bin/sh\n");
            git.add().addFilepattern(".").call();
            git.commit().setMessage("v1").setAuthor("t", "t@example.com").setCommitter("t", "t@example.com").call();
            git.branchCreate().setName("stable").call();
            Files.writeString(source.resolve("bin/detect"), "#!/bin/sh\necho New\n");
            git.commit().setAll(true).setMessage("v2").setAuthor("t", "t@example.com").setCommitter("t", "t@example.com").call();
        }
        BuildpackCatalog catalog = new BuildpackCatalog(List.of(tmp)); // a file: URL must be inside a root
        String url = source.toUri().toString();

        Buildpack head = catalog.resolve(List.of(url)).get(0);
        assertThat(head.spec()).isEqualTo(url);
        assertThat(new String(head.files().get("bin/detect"), StandardCharsets.UTF_8)).contains("New");
        assertThat(head.files().keySet()).noneMatch(f -> f.startsWith(".git"));
        Buildpack stable = catalog.resolve(List.of(url + "#stable")).get(0);
        assertThat(new String(stable.files().get("bin/detect"), StandardCharsets.UTF_8)).contains("Old");
        assertThatThrownBy(() -> catalog.resolve(List.of(url + "#no-such-branch")))
                .hasMessageContaining("could not be fetched");
    }

    @Test
    void fileUrlsOutsideTheRootsAndPlainHttpUrlsAreRefused() throws Exception {
        Path root = Files.createDirectories(tmp.resolve("bps"));
        Path elsewhere = Files.createDirectories(tmp.resolve("repos/other-app.git"));
        BuildpackCatalog catalog = new BuildpackCatalog(List.of(root));
        assertThatThrownBy(() -> catalog.resolve(List.of(elsewhere.toUri().toString())))
                .isInstanceOf(BuildFailedException.class).hasMessageContaining("not inside a buildpack directory");
        assertThatThrownBy(() -> catalog.resolve(List.of("file:" + root.resolve("../repos/other-app.git") + "#main")))
                .hasMessageContaining("not inside a buildpack directory");
        assertThatThrownBy(() -> catalog.resolve(List.of("http://github.com/heroku/heroku-buildpack-ruby.git")))
                .hasMessageContaining("plain http URL").hasMessageContaining("https://");
    }

    @Test
    void driverScriptIsShipped() {
        assertThat(new String(new BuildpackCatalog(List.of()).driverScript(), StandardCharsets.UTF_8))
                .contains("bin/detect", "bin/compile", "bin/release", "export");
    }
}
