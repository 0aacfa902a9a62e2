package paas.api.it;

import org.junit.jupiter.api.Test;
import paas.api.TestDatabases;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What a second tenant tries from inside its dyno and its build, against a real engine and the
 * host firewall paasd installs: another app's dyno, another build, paasd's API (on the host's
 * address, the app network's gateway and docker's default bridge), and any other service on the
 * host are refused; the router and the host ports the operator allows are reached.
 */
class TenantIsolationIT {
    private static final String VICTIM = "tenant-a";
    private static final String PROBER = "tenant-b";

    @Test
    void aDynoReachesNeitherAnotherAppsDynosNorTheHostsServices() throws Exception {
        Path buildpacks = Files.createTempDirectory("paas-it-buildpacks-");
        Files.createDirectories(buildpacks.resolve("probe/bin"));
        Files.writeString(buildpacks.resolve("probe/bin/detect"), "#!/usr/bin/env bash\necho probe\n");
        Files.writeString(buildpacks.resolve("probe/bin/release"), "#!/usr/bin/env bash\necho '--- {}'\n");
        try (PlatformFixture fixture = new PlatformFixture(TestDatabases.Kind.H2);
             // On every address, as in an install: the firewall, not the bind address, keeps dynos out.
             PaasdProcess paasd = fixture.startPaasdWith("PAAS_BUILDPACK_DIRS", buildpacks.toString(),
                     "PAAS_API_HOST", "0.0.0.0");
             ServerSocket hostService = new ServerSocket();
             ServerSocket allowedService = new ServerSocket()) {
            String host = HostAddress.reachableFromContainers();
            // A service on the host, listening on every address, outside the ports apps may reach ...
            hostService.bind(new InetSocketAddress(0));
            // ... and one the operator lets apps reach (PAAS_ISOLATION_ALLOW_HOST_PORTS).
            allowedService.bind(new InetSocketAddress(host, HostAddress.freeServicePort()));
            assertThat(paasd.output()).anyMatch(l -> l.contains("host firewall: builds and dynos reach the host only"));

            PaasCli paas = fixture.cli(paasd);
            assertThat(paas.run("login", "--api-url", paasd.apiUrl(), "--token", PlatformFixture.ADMIN_TOKEN).exitCode())
                    .isZero();
            Path repo = SampleApp.commit(fixture, "web: python3 server.py\n");
            for (String app : List.of(VICTIM, PROBER)) {
                assertThat(paas.run("apps:create", app, "--no-remote").exitCode()).isZero();
                PlatformFixture.GitRun push = fixture.git(repo, "push", paasd.apiUrl() + "/" + app + ".git", "main");
                assertThat(push.exitCode()).as(push.output()).isZero();
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> !victimDyno(fixture).isBlank());
            String victim = victimDyno(fixture);
            int apiPort = Integer.parseInt(fixture.env.get("PAAS_API_PORT"));
            int routerPort = fixture.routerPort();

            Map<String, String> targets = new LinkedHashMap<>();
            targets.put(victim, "another app's web dyno");
            targets.put(host + ":" + apiPort, "paasd's API on the host's address");
            targets.put(gateway(PROBER) + ":" + apiPort, "paasd's API on the app network's gateway");
            targets.put("172.17.0.1:" + apiPort, "paasd's API on docker's default bridge");
            targets.put(host + ":" + hostService.getLocalPort(), "another service on the host");
            targets.put(host + ":" + routerPort, "the router");
            targets.put(host + ":" + allowedService.getLocalPort(), "a host service the operator allows");
            PaasCli.Result result = paas.run("run", "-a", PROBER, probe(targets));
            assertThat(result.exitCode()).as(result.toString()).isZero();
            assertProbed(targets, result.stdout());

            // The same from a build, and a build cannot reach another build either: a stand-in for
            // one listens on the builds network.
            String otherBuild = PlatformFixture.docker("run", "-d", "--rm", "--network", "paas-builds",
                    "--label", "paas.platform=" + fixture.platformLabel(), "paas/stack-build:latest",
                    "python3", "-m", "http.server", "8000").strip();
            try {
                String otherBuildIp = PlatformFixture.docker("inspect", "-f",
                        "{{(index .NetworkSettings.Networks \"paas-builds\").IPAddress}}", otherBuild).strip();
                targets.put(otherBuildIp + ":8000", "another build");
                Files.writeString(buildpacks.resolve("probe/bin/compile"), "#!/usr/bin/env bash\n" + probe(targets));
                for (String script : List.of("detect", "compile", "release")) {
                    Files.setPosixFilePermissions(buildpacks.resolve("probe/bin/" + script),
                            java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
                }
                PaasCli.Result set = paas.run("buildpacks:set", "probe", "-a", PROBER);
                assertThat(set.exitCode()).as(set.toString()).isZero();
                fixture.git(repo, "commit", "-q", "--allow-empty", "-m", "probe from the build");
                PlatformFixture.GitRun build = fixture.git(repo, "push", paasd.apiUrl() + "/" + PROBER + ".git", "main");
                assertProbed(targets, build.output());
            } finally {
                PlatformFixture.docker("rm", "-f", otherBuild);
            }
            aCollaboratorWorksOnTheAppUntilRemoved(paas);
        }
    }

    /**
     * The other side of isolation: a user the owner adds works on the app with the real CLI (its
     * config, a one-off dyno attached through the stream endpoint, its logs) and is refused again
     * once removed. (Strangers being refused is BadInputIT's; what only the owner may do is
     * CollaboratorPermissionsTest's.)
     */
    private static void aCollaboratorWorksOnTheAppUntilRemoved(PaasCli admin) throws Exception {
        PaasCli.Result created = admin.run("users:create", "collab@paas.test");
        assertThat(created.exitCode()).as(created.toString()).isZero();
        PaasCli collab = admin.withEnv("PAAS_API_TOKEN", created.stdout().strip());

        PaasCli.Result added = admin.run("access:add", "collab@paas.test", "-a", VICTIM);
        assertThat(added.exitCode()).as(added.toString()).isZero();
        PaasCli.Result apps = collab.run("apps");
        assertThat(apps.stdout()).as(apps.toString()).contains("=== Collaborated Apps").contains(VICTIM)
                .doesNotContain(PROBER);
        assertThat(collab.run("config:set", "SET_BY=collab", "-a", VICTIM).exitCode()).isZero();
        PaasCli.Result run = collab.run("run", "--no-tty", "-a", VICTIM, "echo", "from-$SET_BY");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.stdout()).contains("from-collab");
        assertThat(collab.run("logs", "-a", VICTIM).stdout()).contains("by user collab@paas.test");

        assertThat(admin.run("access:remove", "collab@paas.test", "-a", VICTIM).exitCode()).isZero();
        assertThat(collab.run("config", "-a", VICTIM).stderr()).contains("do not have access");
    }

    private static String probe(Map<String, String> targets) {
        StringBuilder probe = new StringBuilder();
        for (String target : targets.keySet()) {
            String[] hp = target.split(":");
            probe.append("if timeout 5 bash -c 'exec 3<>/dev/tcp/").append(hp[0]).append('/').append(hp[1])
                    .append("' 2>/dev/null; then echo 'REACHED ").append(target).append("'; else echo 'BLOCKED ")
                    .append(target).append("'; fi; ");
        }
        return probe.toString();
    }

    private static void assertProbed(Map<String, String> targets, String output) {
        for (Map.Entry<String, String> t : targets.entrySet()) {
            boolean mayReach = t.getValue().equals("the router") || t.getValue().contains("operator allows");
            assertThat(output).as("%s (%s)%n%s", t.getValue(), t.getKey(), output)
                    .contains((mayReach ? "REACHED " : "BLOCKED ") + t.getKey());
        }
    }

    /** IP:port of the victim app's web dyno on its own network. */
    private static String victimDyno(PlatformFixture fixture) throws Exception {
        String id = PlatformFixture.docker("ps", "-q", "--filter", "label=paas.platform=" + fixture.platformLabel(),
                "--filter", "label=paas.app=" + VICTIM, "--filter", "label=paas.type=web").strip();
        if (id.isBlank() || id.contains("\n")) {
            return "";
        }
        String ip = PlatformFixture.docker("inspect", "-f",
                "{{(index .NetworkSettings.Networks \"paas-app-" + VICTIM + "\").IPAddress}}", id).strip();
        String port = PlatformFixture.docker("inspect", "-f",
                "{{range $k, $v := .Config.Env}}{{$v}}\n{{end}}", id).lines()
                .filter(l -> l.startsWith("PORT=")).map(l -> l.substring(5)).findFirst().orElse("5000");
        return ip.isBlank() ? "" : ip + ":" + port;
    }

    private static String gateway(String app) throws Exception {
        return PlatformFixture.docker("network", "inspect", "-f", "{{(index .IPAM.Config 0).Gateway}}",
                "paas-app-" + app).strip();
    }
}
