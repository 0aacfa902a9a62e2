package paas.api.it;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import paas.api.TestDatabases;
import paas.api.it.WebTraffic.SteadyLoad;
import paas.api.store.DatabaseUrl;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An upgrade as an operator does it on an installed host: the previous release (the newest
 * {@code v*} tag before this build) runs paasd and its separate router with an app and an
 * add-on; paasd is stopped (SIGTERM, as {@code systemctl stop}) and this build's paasd starts on
 * the same data dir. The app keeps serving through the switch, its releases, config and
 * containers are the same, the new migrations run once, and a change made after the upgrade
 * reaches the router the previous release started.
 */
class UpgradeIT {
    private static final String APP = "kept";

    @Test
    void theAppsServeThroughAnUpgradeAndTheirReleasesAndDataAreKept() throws Exception {
        Path repository = PaasdProcess.ROOT;
        PreviousRelease previous = PreviousRelease.find(repository).orElse(null);
        Assumptions.assumeTrue(previous != null,
                "no v* tag behind HEAD in this clone (shallow?): the upgrade test needs the previous release");
        long buildStarted = System.nanoTime();
        previous = previous.built(repository, Path.of(System.getProperty("java.home")));
        System.out.printf("UpgradeIT: previous release %s (%s) ready in %d s%n", previous.tag(), previous.commit(),
                (System.nanoTime() - buildStarted) / 1_000_000_000);

        try (PlatformFixture fixture = new PlatformFixture(TestDatabases.Kind.H2)) {
            fixture.env.put("PAAS_ROUTER", "off");
            fixture.env.put("PAAS_STOP_GRACE_SECONDS", "3");
            PaasdProcess paasd = PaasdProcess.start(previous.root(), fixture.env);
            try (SeparateRouter router = SeparateRouter.start(previous.root(), fixture, fixture.routerPort())) {
                PaasCli paas = fixture.cli(paasd);
                PaasCli.Result login = paas.run("login", "--api-url", paasd.apiUrl(), "--token", PlatformFixture.ADMIN_TOKEN);
                assertThat(login.exitCode()).as("%s%nthe previous paasd said:%n%s", login,
                        String.join("\n", paasd.output())).isZero();
                SampleApp.commit(fixture, "web: python3 server.py\n");
                assertThat(paas.run("apps:create", APP).exitCode()).isZero();
                PlatformFixture.GitRun push = fixture.git(fixture.workDir, "push", "paas", "main");
                assertThat(push.output()).contains("released v2");
                assertThat(paas.run("config:set", "GREETING=before").exitCode()).isZero();
                PaasCli.Result addon = paas.run("addons:create", "redis");
                assertThat(addon.exitCode()).as(addon.toString()).isZero();
                await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                        .until(() -> WebTraffic.get(router.port, APP, "/").body().equals("web.1 before\n"));
                String releasesBefore = paas.run("releases", "--json").stdout();
                String configBefore = paas.run("config", "--json").stdout();
                // web.1 of the add-on's release and the add-on, once the replaced web.1 has stopped.
                await().atMost(Duration.ofSeconds(60)).until(() -> containers(fixture).size() == 2);
                List<String> containersBefore = containers(fixture);

                SteadyLoad load = new SteadyLoad(router.port, APP);
                try {
                    Thread.sleep(500);
                    assertThat(paasd.terminate()).as("the previous paasd's exit status after SIGTERM")
                            .isIn(0, 143);
                    paasd = fixture.startPaasd();
                    PaasdProcess upgraded = paasd;
                    assertThat(upgraded.awaitLine("first full sync done", Duration.ofSeconds(60)))
                            .as("the upgraded paasd said:%n%s", String.join("\n", upgraded.output())).isTrue();
                    assertThat(upgraded.output()).anyMatch(l -> l.contains("adopted " + APP + " web.1"));
                    Thread.sleep(500);
                } finally {
                    load.stop();
                }
                assertThat(load.failures).as("requests through the upgrade: %s", load).isEmpty();
                assertThat(load.sent.get()).isGreaterThan(10);

                PaasCli upgradedCli = fixture.cli(paasd);
                assertThat(containers(fixture)).as("the same dyno and add-on containers, none recreated")
                        .containsExactlyInAnyOrderElementsOf(containersBefore);
                // An upgrade may add fields (Heroku's), never change or drop one.
                assertKept(releasesBefore, upgradedCli.run("releases", "--json").stdout());
                assertThat(upgradedCli.run("config", "--json").stdout()).isEqualTo(configBefore);
                assertThat(upgradedCli.run("addons", "--json").stdout()).contains("redis");

                // The upgraded paasd's changes reach the router of the previous release.
                assertThat(upgradedCli.run("config:set", "GREETING=after").exitCode()).isZero();
                await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                        .until(() -> WebTraffic.get(router.port, APP, "/").body().equals("web.1 after\n"));
            } finally {
                paasd.terminate();
            }

            List<String> applied = migrations(fixture.dataDir);
            assertThat(applied).as("each migration recorded once, all succeeded").doesNotHaveDuplicates()
                    .allMatch(m -> m.endsWith(" ok"));
            // A second start of the same build finds nothing to migrate.
            PaasdProcess again = fixture.startPaasd();
            again.terminate();
            assertThat(migrations(fixture.dataDir)).isEqualTo(applied);
        }
    }

    /** Ids of the containers the fixture's platform runs, sorted. */
    private static List<String> containers(PlatformFixture fixture) throws Exception {
        return PlatformFixture.docker("ps", "-q", "--no-trunc", "--filter", "label=paas.platform=" + fixture.platformLabel())
                .lines().filter(l -> !l.isBlank()).sorted().toList();
    }

    /** {@code VERSION ok|failed} per row of Flyway's history, in order; paasd must be stopped. */
    private static List<String> migrations(Path dataDir) throws Exception {
        DatabaseUrl url = DatabaseUrl.embedded(dataDir);
        List<String> rows = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(url.jdbcUrl(), url.user(), url.password());
             Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT \"version\", \"success\" FROM \"flyway_schema_history\""
                     + " WHERE \"version\" IS NOT NULL ORDER BY \"installed_rank\"")) {
            while (r.next()) {
                rows.add(r.getString(1) + (r.getBoolean(2) ? " ok" : " failed"));
            }
        }
        return rows;
    }

    /** Every field of {@code before}, at any depth, is in {@code after} with the same value. */
    private static void assertKept(String before, String after) throws Exception {
        com.fasterxml.jackson.databind.ObjectMapper mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        assertKept("$", mapper.readTree(before), mapper.readTree(after));
    }

    private static void assertKept(String at, com.fasterxml.jackson.databind.JsonNode before,
                                   com.fasterxml.jackson.databind.JsonNode after) {
        if (before.isObject()) {
            assertThat(after.isObject()).as("%s is still an object: %s", at, after).isTrue();
            before.properties().forEach(field -> {
                assertThat(after.has(field.getKey())).as("%s.%s is kept", at, field.getKey()).isTrue();
                assertKept(at + "." + field.getKey(), field.getValue(), after.get(field.getKey()));
            });
        } else if (before.isArray()) {
            assertThat(after.size()).as("%s keeps its %d items", at, before.size()).isEqualTo(before.size());
            for (int i = 0; i < before.size(); i++) {
                assertKept(at + "[" + i + "]", before.get(i), after.get(i));
            }
        } else {
            assertThat(after).as(at).isEqualTo(before);
        }
    }
}
