package paas.api.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import paas.api.TestDatabases;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The deploy path as a user walks it: `paas login` (which writes ~/.netrc), `paas apps:create`
 * in a git repository, `git push paas main` with the real git binary, a real Docker engine and
 * the locally built stack images; then the release, build and slug through the CLI, and the
 * app through the npm heroku-client, as Heroku API clients use it.
 */
class GitPushDeployIT {
    private static final ObjectMapper mapper = new ObjectMapper();

    @Test
    void pushOfAProcfileAppBuildsAndReleases() throws Exception {
        try (PlatformFixture fixture = new PlatformFixture(TestDatabases.Kind.H2); PaasdProcess paasd = fixture.startPaasd()) {
            PaasCli paas = fixture.cli(paasd);
            assertThat(paas.run("login", "--api-url", paasd.apiUrl(), "--token", PlatformFixture.ADMIN_TOKEN).exitCode()).isZero();

            Path repo = fixture.workDir;
            fixture.git(repo, "init", "-q", "-b", "main");
            Files.writeString(repo.resolve("Procfile"), "web: python3 -m http.server $PORT\nclock: sleep infinity\n");
            Files.writeString(repo.resolve("index.html"), "<h1>hello from paas</h1>\n");
            fixture.git(repo, "add", ".");
            fixture.git(repo, "commit", "-q", "-m", "first");

            PaasCli.Result created = paas.run("apps:create", "pushed");
            assertThat(created.exitCode()).as(created.toString()).isZero();
            assertThat(fixture.git(repo, "remote", "-v").output()).contains("paas").contains("/pushed.git");

            PlatformFixture.GitRun push = fixture.git(repo, "push", "paas", "main");
            assertThat(push.exitCode()).as(push.output()).isZero();
            String sha = fixture.git(repo, "rev-parse", "HEAD").output().strip();
            assertThat(push.output()).contains("remote: -----> Building " + sha.substring(0, 7))
                    .contains("released v2");

            JsonNode release = mapper.readTree(paas.run("releases:info", "v2", "--json").stdout());
            assertThat(release.get("description").asText()).isEqualTo("Deploy " + sha.substring(0, 7));
            assertThat(release.get("process_types").get("web").asText()).isEqualTo("python3 -m http.server $PORT");
            assertThat(release.get("slug").get("id").asText()).isNotBlank();
            assertThat(paas.run("scale").stdout().strip()).isEqualTo("clock=0:Standard-1X web=1:Standard-1X");
            JsonNode builds = mapper.readTree(paas.run("builds", "--json").stdout());
            assertThat(builds.get(0).get("status").asText()).isEqualTo("succeeded");
            assertThat(builds.get(0).get("source_blob").get("version").asText()).isEqualTo(sha);
            assertThat(paas.run("builds:output").stdout()).contains("Procfile");

            Files.writeString(repo.resolve("Procfile"), "web python3 -m http.server $PORT\n");
            fixture.git(repo, "commit", "-q", "-am", "broken Procfile");
            PlatformFixture.GitRun rejected = fixture.git(repo, "push", "paas", "main");
            assertThat(rejected.exitCode()).isNotZero();
            assertThat(rejected.output()).contains("line 1").contains("[remote rejected] main -> main (build failed)");
            List<String> versions = new ArrayList<>();
            mapper.readTree(paas.run("releases", "--json").stdout()).forEach(r -> versions.add(r.get("version").asText()));
            assertThat(versions).as("a failed build makes no release").containsExactlyInAnyOrder("1", "2");

            // A Heroku API client, unchanged, on the pushed app (web and clock), endpoint by endpoint.
            HerokuClient.Result driven = HerokuClient.drive(paasd.apiUrl(), PlatformFixture.ADMIN_TOKEN, "pushed");
            assertThat(driven.notOk()).as(driven.output()).isEmpty();
            assertThat(driven.exitCode()).as(driven.output()).isZero();

            PaasCli.Result destroyed = paas.run("apps:destroy", "--confirm", "pushed");
            assertThat(destroyed.exitCode()).as(destroyed.toString()).isZero();
            Process volumes = new ProcessBuilder("docker", "volume", "ls", "-q", "--filter", "name=paas-cache-" + fixture.platformLabel() + "-pushed")
                    .redirectErrorStream(true).start();
            assertThat(new String(volumes.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip())
                    .as("the build cache goes with the app").isEmpty();
            assertThat(fixture.dataDir.resolve("repos/pushed.git")).doesNotExist();
        }
    }
}
