package paas.api.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import paas.api.TestDatabases;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A user's first session, end to end: the real bin/paasd driven by the real bin/paas. */
class PlatformLifecycleIT {
    private static final ObjectMapper mapper = new ObjectMapper();

    static List<TestDatabases.Kind> kinds() {
        return TestDatabases.kinds().toList();
    }

    private static JsonNode json(PaasCli.Result r) throws Exception {
        assertThat(r.exitCode()).as(r.toString()).isZero();
        return mapper.readTree(r.stdout());
    }

    private static PaasCli.Result ok(PaasCli.Result r) {
        assertThat(r.exitCode()).as(r.toString()).isZero();
        return r;
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void createConfigureReleaseRollBackScaleAndDestroy(TestDatabases.Kind kind) throws Exception {
        try (PlatformFixture fixture = new PlatformFixture(kind); PaasdProcess paasd = fixture.startPaasd()) {
            PaasCli paas = fixture.cli(paasd);

            ok(paas.run("login", "--api-url", paasd.apiUrl(), "--token", PlatformFixture.ADMIN_TOKEN));
            String netrc = Files.readString(fixture.home.resolve(".netrc"));
            assertThat(netrc).contains("machine localhost").contains(PlatformFixture.ADMIN_TOKEN);

            ok(paas.run("apps:create", "myapp"));
            PaasCli.Result set = ok(paas.run("config:set", "A=1", "B=two=2", "-a", "myapp"));
            assertThat(set.stderr()).contains("v2");
            PaasCli.Result unset = ok(paas.run("config:unset", "A", "-a", "myapp"));
            assertThat(unset.stderr()).contains("v3");
            assertThat(json(paas.run("config", "--json", "-a", "myapp")).toString()).isEqualTo("{\"B\":\"two=2\"}");
            assertThat(ok(paas.run("config:get", "B", "-a", "myapp")).stdout().strip()).isEqualTo("two=2");

            JsonNode releases = json(paas.run("releases", "--json", "-a", "myapp"));
            List<String> descriptions = new ArrayList<>();
            releases.forEach(r -> descriptions.add(r.get("version").asInt() + " " + r.get("description").asText()));
            assertThat(descriptions).containsExactlyInAnyOrder("1 Initial release", "2 Set A, B config vars",
                    "3 Remove A config vars");

            // Nothing deployed yet: no release has a slug to run, so a rollback is refused and
            // changes nothing (rollbacks of deployed releases: RunningAppsIT, NewcomerPathIT).
            PaasCli.Result rollback = paas.run("rollback", "v2", "-a", "myapp");
            assertThat(rollback.exitCode()).as(rollback.toString()).isEqualTo(1);
            assertThat(rollback.stderr()).contains("release v2 has no slug");
            assertThat(json(paas.run("config", "--json", "-a", "myapp")).toString()).isEqualTo("{\"B\":\"two=2\"}");

            ok(paas.run("scale", "web=2", "worker=1", "-a", "myapp"));
            ok(paas.run("scale", "web+1", "worker=0:standard-2x", "-a", "myapp"));
            assertThat(ok(paas.run("scale", "-a", "myapp")).stdout().strip())
                    .isEqualTo("web=3:Standard-1X worker=0:Standard-2X");
            assertThat(json(paas.run("releases", "--json", "-a", "myapp")).size()).as("scaling makes no release")
                    .isEqualTo(3);

            ok(paas.run("domains:add", "www.example.com", "-a", "myapp"));
            List<String> hostnames = new ArrayList<>();
            json(paas.run("domains", "--json", "-a", "myapp")).forEach(d -> hostnames.add(d.get("hostname").asText()));
            assertThat(hostnames).containsExactlyInAnyOrder("myapp.localhost", "www.example.com");
            ok(paas.run("domains:remove", "www.example.com", "-a", "myapp"));

            JsonNode apps = json(paas.run("apps", "--json"));
            assertThat(PlatformFixture.appNames(apps)).containsExactly("myapp");
            assertThat(json(paas.run("apps:info", "--json", "-a", "myapp")).get("app").get("git_url").asText())
                    .endsWith("/myapp.git");

            PaasCli.Result unconfirmed = paas.run("apps:destroy", "-a", "myapp");
            assertThat(unconfirmed.exitCode()).as(unconfirmed.toString()).isNotZero();
            assertThat(unconfirmed.stderr()).contains("--confirm");
            ok(paas.run("apps:destroy", "-a", "myapp", "--confirm", "myapp"));
            assertThat(json(paas.run("apps", "--json")).size()).isZero();
        }
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void appIsFoundFromThePaasGitRemote(TestDatabases.Kind kind) throws Exception {
        try (PlatformFixture fixture = new PlatformFixture(kind); PaasdProcess paasd = fixture.startPaasd()) {
            PaasCli paas = fixture.cli(paasd).withEnv("PAAS_API_TOKEN", PlatformFixture.ADMIN_TOKEN);
            ok(paas.run("apps:create", "remote-app", "--no-remote"));
            Process init = new ProcessBuilder("git", "init", "-q", fixture.workDir.toString()).start();
            assertThat(init.waitFor()).isZero();

            ok(paas.run("git:remote", "-a", "remote-app"));
            ok(paas.run("config:set", "FROM_REMOTE=yes"));
            assertThat(json(paas.run("config", "--json", "-a", "remote-app")).get("FROM_REMOTE").asText()).isEqualTo("yes");
        }
    }
}
