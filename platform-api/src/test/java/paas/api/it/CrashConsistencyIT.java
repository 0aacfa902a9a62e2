package paas.api.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import paas.api.TestDatabases;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every change the API acknowledges survives {@code kill -9} at any instant, after any history,
 * and nothing it did not acknowledge is half-applied.
 *
 * <p>One long-lived data dir; the real paasd is killed with SIGKILL again and again: while it
 * starts (and recovers from the kill before), in the middle of requests, and right after a
 * response. Between kills, randomized changes go through the real HTTP API and {@code git push}:
 * apps created and destroyed, config vars set and unset, scale, domains, maintenance, rollbacks
 * and deploys. A model keeps what was acknowledged. After every restart the whole model is
 * compared with what paasd serves; the one request that was in flight at the kill may have
 * happened or not, but entirely or not at all. Each app's releases must also be whole:
 * numbered 1..N, one current, whose config vars are the app's, and no build left pending.
 *
 * <p>Kills per run: {@code -Dpaas.crash.kills=N}, or per store {@code -Dpaas.crash.kills.h2=N} and
 * {@code -Dpaas.crash.kills.postgresql=N} (50 on H2 and 15 on PostgreSQL by default: H2 is the store
 * whose recovery this guards, PostgreSQL the reference). A kill costs about 2.5-5 s (a paasd start
 * and the whole model checked), so the default keeps the test near 3 minutes of the suite (which
 * gained the end-to-end and upgrade tests); every
 * CI run draws a new seed, and a longer hunt is one property away (e.g. 1000 kills on H2);
 * a failing run prints its seed, which {@code -Dpaas.crash.seed=S} replays.
 */
class CrashConsistencyIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Enough apps for variety; few enough that checking them all after each kill stays quick. */
    private static final int MAX_APPS = 12;

    static int kills(TestDatabases.Kind kind) {
        int standard = Integer.getInteger("paas.crash.kills", kind == TestDatabases.Kind.H2 ? 50 : 15);
        return Integer.getInteger("paas.crash.kills." + kind.name().toLowerCase(java.util.Locale.ROOT), standard);
    }

    @ParameterizedTest
    @MethodSource("paas.api.TestDatabases#kinds")
    void everyAcknowledgedChangeSurvivesKillsAtRandomMoments(TestDatabases.Kind kind) throws Exception {
        long seed = Long.getLong("paas.crash.seed", ThreadLocalRandom.current().nextLong());
        try (PlatformFixture fixture = new PlatformFixture(kind)) {
            // Dynos are not what this test is about: none is ever scaled up on a deployed app.
            fixture.env.put("PAAS_RUNTIME", "local");
            Run run = new Run(fixture, new Random(seed), kind);
            try {
                run.go(kills(kind));
            } finally {
                run.stop();
            }
            String summary = "crash consistency on %s (seed %d): %d requests acknowledged, %d kills (%d while"
                    + " starting, %d with a request in flight), %d deploys, changes lost or half-applied: %d";
            System.out.printf((summary) + "%n", kind, seed, run.acknowledged, run.kills, run.killsWhileStarting,
                    run.killsInFlight, run.deploys, run.problems.size());
            assertThat(run.problems).as(summary.formatted(kind, seed, run.acknowledged, run.kills,
                    run.killsWhileStarting, run.killsInFlight, run.deploys, run.problems.size())).isEmpty();
            assertThat(run.kills).isEqualTo(kills(kind));
        }
    }

    /** What the test believes one app holds, built from acknowledged answers only. */
    record AppModel(Map<String, String> config, Map<String, Integer> formation, Set<String> domains,
                    boolean maintenance, int releases, boolean deployed) {
        AppModel {
            config = Map.copyOf(config);
            formation = Map.copyOf(formation);
            domains = Set.copyOf(domains);
        }

        static AppModel created() {
            return new AppModel(Map.of(), Map.of(), Set.of(), false, 1, false);
        }

        AppModel withConfig(Map<String, String> c) {
            return new AppModel(c, formation, domains, maintenance, releases + 1, deployed);
        }

        AppModel withFormation(Map<String, Integer> f) {
            return new AppModel(config, f, domains, maintenance, releases, deployed);
        }

        AppModel withDomains(Set<String> d) {
            return new AppModel(config, formation, d, maintenance, releases, deployed);
        }

        AppModel withMaintenance(boolean m) {
            return new AppModel(config, formation, domains, m, releases, deployed);
        }

        AppModel deployedOnce() {
            return new AppModel(config, formation, domains, maintenance, releases + 1, true);
        }
    }

    /** A change: the request, and the model as it is once the change is acknowledged. */
    record Change(String label, String app, Sender sender, Optional<AppModel> after) {
    }

    @FunctionalInterface
    interface Sender {
        /** Sends the change; true when acknowledged, false when refused; IOException when paasd died. */
        boolean send() throws IOException, InterruptedException;
    }

    /** One long run over one data dir. */
    static final class Run {
        final PlatformFixture fixture;
        final Random random;
        final TestDatabases.Kind kind;
        /** One client per paasd: a pooled connection to a killed paasd must not meet the next one. */
        HttpClient http;
        final Map<String, AppModel> model = new TreeMap<>();
        final List<String> problems = new ArrayList<>();
        final Path repo;
        PaasdProcess paasd;
        int acknowledged;
        int kills;
        int killsWhileStarting;
        int killsInFlight;
        int deploys;
        int nextApp;
        /** The change in flight at the last kill: it may have happened, entirely, or not at all. */
        Change inDoubt;
        AppModel inDoubtBefore;

        Run(PlatformFixture fixture, Random random, TestDatabases.Kind kind) throws Exception {
            this.fixture = fixture;
            this.random = random;
            this.kind = kind;
            this.repo = Files.createDirectories(fixture.workDir.resolve("app"));
            fixture.git(repo, "init", "-q", "-b", "main");
            // A worker-only app: a deploy never starts a dyno by itself.
            Files.writeString(repo.resolve("Procfile"), "worker: sleep 600\n");
            fixture.git(repo, "add", ".");
            fixture.git(repo, "commit", "-q", "-m", "first");
        }

        void go(int totalKills) throws Exception {
            // A clean first start and stop: paasd's class-data archive is written at a clean exit,
            // which makes every later start faster.
            paasd = fixture.startPaasd();
            PaasCli cli = fixture.cli(paasd);
            assertThat(cli.run("login", "--api-url", paasd.apiUrl(), "--token", PlatformFixture.ADMIN_TOKEN)
                    .exitCode()).isZero();
            paasd.terminate();
            while (kills < totalKills) {
                if (random.nextInt(100) < 35) {
                    killWhileStarting();
                } else {
                    start();
                    verify();
                    changeUntilKilled();
                }
            }
            start();
            verify();
        }

        private void start() throws Exception {
            if (http != null) {
                http.close();
            }
            http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            paasd = fixture.startPaasd();
        }

        void stop() throws InterruptedException {
            if (paasd != null) {
                paasd.close();
            }
        }

        private void killWhileStarting() throws Exception {
            PaasdProcess starting = PaasdProcess.launch(fixture.env);
            Thread.sleep(random.nextInt(2_500));
            starting.kill();
            kills++;
            killsWhileStarting++;
        }

        /** Changes one after another until a kill, at a random moment or right after an answer. */
        private void changeUntilKilled() throws Exception {
            PaasdProcess victim = paasd;
            boolean afterAnswer = random.nextInt(100) < 30;
            int answersBeforeKill = 1 + random.nextInt(4);
            Thread killer = null;
            if (!afterAnswer) {
                long delay = random.nextInt(1_000);
                killer = Thread.ofPlatform().daemon().start(() -> {
                    try {
                        Thread.sleep(delay);
                        victim.kill();
                    } catch (InterruptedException ignored) {
                        // the round ended first
                    }
                });
            }
            int answers = 0;
            while (true) {
                Change change;
                try {
                    change = nextChange();
                } catch (IOException e) {
                    break; // killed while reading what a rollback needs: nothing was sent
                }
                AppModel before = model.get(change.app());
                boolean acked;
                try {
                    acked = change.sender().send();
                } catch (IOException e) {
                    inDoubt = change;
                    inDoubtBefore = before;
                    killsInFlight++;
                    break;
                }
                if (acked) {
                    acknowledged++;
                    change.after().ifPresentOrElse(a -> model.put(change.app(), a), () -> model.remove(change.app()));
                }
                answers++;
                if (afterAnswer && answers == answersBeforeKill) {
                    victim.kill();
                    break;
                }
                if (killer != null && !killer.isAlive()) {
                    break;
                }
            }
            if (killer != null) {
                killer.join();
            }
            victim.kill();
            kills++;
        }

        private Change nextChange() throws IOException, InterruptedException {
            List<String> apps = new ArrayList<>(model.keySet());
            int dice = random.nextInt(100);
            if (apps.isEmpty() || (dice < 10 && apps.size() < MAX_APPS)) {
                return create();
            }
            String app = apps.get(random.nextInt(apps.size()));
            AppModel m = model.get(app);
            if (dice < 14 && apps.size() > 3 || dice < 10) {
                return new Change("destroy " + app, app, () -> answer(send("DELETE", "/apps/" + app, null), 200),
                        Optional.empty());
            }
            if (dice < 40) {
                Map<String, String> set = new LinkedHashMap<>();
                for (int i = 0, n = 1 + random.nextInt(3); i < n; i++) {
                    set.put("K" + random.nextInt(6), Long.toHexString(random.nextLong()));
                }
                Map<String, String> after = new TreeMap<>(m.config());
                after.putAll(set);
                return new Change("config:set " + set + " on " + app, app,
                        () -> answer(send("PATCH", "/apps/" + app + "/config-vars", JSON.writeValueAsString(set)), 200),
                        Optional.of(m.withConfig(after)));
            }
            if (dice < 50 && !m.config().isEmpty()) {
                String key = new ArrayList<>(new TreeSet<>(m.config().keySet())).get(random.nextInt(m.config().size()));
                Map<String, String> after = new TreeMap<>(m.config());
                after.remove(key);
                Map<String, Object> unset = new HashMap<>();
                unset.put(key, null);
                return new Change("config:unset " + key + " on " + app, app,
                        () -> answer(send("PATCH", "/apps/" + app + "/config-vars", JSON.writeValueAsString(unset)), 200),
                        Optional.of(m.withConfig(after)));
            }
            if (dice < 62 && !m.deployed()) {
                String type = random.nextBoolean() ? "web" : "worker";
                int quantity = random.nextInt(3);
                Map<String, Integer> after = new TreeMap<>(m.formation());
                after.put(type, quantity);
                String body = "{\"updates\":[{\"type\":\"" + type + "\",\"quantity\":" + quantity + "}]}";
                return new Change("scale " + type + "=" + quantity + " on " + app, app,
                        () -> answer(send("PATCH", "/apps/" + app + "/formation", body), 200),
                        Optional.of(m.withFormation(after)));
            }
            if (dice < 72) {
                if (!m.domains().isEmpty() && random.nextBoolean()) {
                    String domain = m.domains().iterator().next();
                    Set<String> after = new TreeSet<>(m.domains());
                    after.remove(domain);
                    return new Change("domains:remove " + domain + " from " + app, app,
                            () -> answer(send("DELETE", "/apps/" + app + "/domains/" + domain, null), 200),
                            Optional.of(m.withDomains(after)));
                }
                String domain = "d" + random.nextInt(1_000_000) + "." + app + ".example.com";
                Set<String> after = new TreeSet<>(m.domains());
                after.add(domain);
                return new Change("domains:add " + domain + " to " + app, app,
                        () -> answer(send("POST", "/apps/" + app + "/domains",
                                "{\"hostname\":\"" + domain + "\"}"), 201),
                        Optional.of(m.withDomains(after)));
            }
            if (dice < 80) {
                boolean on = !m.maintenance();
                return new Change("maintenance " + on + " on " + app, app,
                        () -> answer(send("PATCH", "/apps/" + app, "{\"maintenance\":" + on + "}"), 200),
                        Optional.of(m.withMaintenance(on)));
            }
            if (dice < 97 || m.formation().values().stream().anyMatch(q -> q > 0)) {
                return rollback(app, m);
            }
            return deploy(app, m);
        }

        private Change create() {
            String app = "crash-" + (nextApp++);
            return new Change("create " + app, app,
                    () -> answer(send("POST", "/apps", "{\"name\":\"" + app + "\"}"), 201),
                    Optional.of(AppModel.created()));
        }

        /** Rolls back to a random earlier release; its config vars are read first. */
        private Change rollback(String app, AppModel m) throws IOException, InterruptedException {
            int target = 1 + random.nextInt(m.releases());
            HttpResponse<String> vars = send("GET", "/apps/" + app + "/releases/" + target + "/config-vars", null);
            assertThat(vars.statusCode()).as("config vars of v%d of %s: %s", target, app, vars.body()).isEqualTo(200);
            Map<String, String> config = strings(JSON.readTree(vars.body()));
            return new Change("rollback " + app + " to v" + target, app,
                    () -> answer(send("POST", "/apps/" + app + "/releases", "{\"release\":\"" + target + "\"}"), 201),
                    Optional.of(m.withConfig(config)));
        }

        private Change deploy(String app, AppModel m) {
            return new Change("deploy " + app, app, () -> {
                deploys++;
                PlatformFixture.GitRun push;
                try {
                    push = fixture.git(repo, "push", "-f", paasd.apiUrl() + "/" + app + ".git", "main");
                } catch (Exception e) {
                    throw new IOException(e);
                }
                if (push.exitCode() == 0 && push.output().contains("released v")) {
                    return true;
                }
                // A push cut off by the kill: nobody answered it.
                throw new IOException("push got no answer: " + push.output());
            }, Optional.of(m.deployedOnce()));
        }

        private boolean answer(HttpResponse<String> response, int expected) {
            if (response.statusCode() == expected) {
                return true;
            }
            if (response.statusCode() >= 500) {
                problems.add("a 5xx from paasd: " + response.statusCode() + " " + response.body());
            }
            return false;
        }

        private HttpResponse<String> send(String method, String path, String body) throws IOException, InterruptedException {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(paasd.apiUrl() + path))
                    .timeout(Duration.ofSeconds(30))
                    .header("Authorization", "Bearer " + PlatformFixture.ADMIN_TOKEN)
                    .header("Accept", "application/vnd.heroku+json; version=3")
                    .header("Content-Type", "application/json")
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(body));
            if (path.endsWith("/releases")) {
                request.header("Range", "version ..; max=1000, order=asc");
            }
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }

        private JsonNode get(String path) throws IOException, InterruptedException {
            HttpResponse<String> response = send("GET", path, null);
            assertThat(response.statusCode()).as("GET %s: %s", path, response.body()).isIn(200, 206);
            return JSON.readTree(response.body());
        }

        /** Compares what paasd serves with the model; the change in doubt may have happened or not. */
        private void verify() throws IOException, InterruptedException {
            Map<String, AppModel> observed = new TreeMap<>();
            for (JsonNode app : get("/apps")) {
                String name = app.get("name").asText();
                observed.put(name, observe(name, app));
            }
            if (inDoubt != null) {
                AppModel now = observed.get(inDoubt.app());
                boolean asBefore = Objects.equals(now, inDoubtBefore);
                boolean asAfter = Objects.equals(now, inDoubt.after().orElse(null));
                if (!asBefore && !asAfter) {
                    problems.add("after a kill during '" + inDoubt.label() + "' the app is neither as before nor as"
                            + " after it:\n  before   " + inDoubtBefore + "\n  after    " + inDoubt.after().orElse(null)
                            + "\n  observed " + now);
                }
                if (now == null) {
                    model.remove(inDoubt.app());
                } else {
                    model.put(inDoubt.app(), now);
                }
                inDoubt = null;
            }
            if (!observed.equals(model)) {
                for (String app : new TreeSet<>(union(observed.keySet(), model.keySet()))) {
                    if (!Objects.equals(observed.get(app), model.get(app))) {
                        problems.add("after kill " + kills + ", app " + app + ":\n  acknowledged " + model.get(app)
                                + "\n  observed     " + observed.get(app));
                    }
                }
                model.clear();
                model.putAll(observed);
            }
        }

        private AppModel observe(String app, JsonNode view) throws IOException, InterruptedException {
            Map<String, String> config = strings(get("/apps/" + app + "/config-vars"));
            Map<String, Integer> formation = new TreeMap<>();
            for (JsonNode f : get("/apps/" + app + "/formation")) {
                formation.put(f.get("type").asText(), f.get("quantity").asInt());
            }
            Set<String> domains = new TreeSet<>();
            for (JsonNode d : get("/apps/" + app + "/domains")) {
                if ("custom".equals(d.get("kind").asText())) {
                    domains.add(d.get("hostname").asText());
                }
            }
            JsonNode releases = get("/apps/" + app + "/releases");
            int current = 0;
            boolean deployed = false;
            for (int i = 0; i < releases.size(); i++) {
                JsonNode r = releases.get(i);
                if (r.get("version").asInt() != i + 1) {
                    problems.add(app + ": releases are not numbered 1.." + releases.size() + ": " + releases);
                }
                if (r.get("current").asBoolean()) {
                    current = r.get("version").asInt();
                }
                deployed |= r.get("description").asText().startsWith("Deploy ");
            }
            if (current == 0) {
                problems.add(app + ": no current release among " + releases);
            } else {
                Map<String, String> released = strings(get("/apps/" + app + "/releases/" + current + "/config-vars"));
                if (!released.equals(config)) {
                    problems.add(app + ": config vars " + config + " differ from those of current release v"
                            + current + ": " + released);
                }
            }
            for (JsonNode b : get("/apps/" + app + "/builds")) {
                if ("pending".equals(b.get("status").asText())) {
                    problems.add(app + ": build " + b.get("id").asText() + " still pending after a restart");
                }
            }
            // Scaled types only: a first deploy may add a zero entry of its own.
            Map<String, Integer> scaled = new TreeMap<>(formation);
            scaled.keySet().retainAll(modelTypes(app));
            return new AppModel(config, scaled, domains, view.get("maintenance").asBoolean(), releases.size(), deployed);
        }

        /** The process types the test scaled on {@code app}, in the model or in the change in doubt. */
        private Set<String> modelTypes(String app) {
            Set<String> types = new TreeSet<>();
            Optional.ofNullable(model.get(app)).ifPresent(m -> types.addAll(m.formation().keySet()));
            if (inDoubt != null && inDoubt.app().equals(app)) {
                inDoubt.after().ifPresent(m -> types.addAll(m.formation().keySet()));
            }
            return types;
        }

        private static Map<String, String> strings(JsonNode object) {
            Map<String, String> map = new TreeMap<>();
            object.fields().forEachRemaining(e -> map.put(e.getKey(), e.getValue().asText()));
            return map;
        }

        private static Set<String> union(Set<String> a, Set<String> b) {
            Set<String> all = new TreeSet<>(a);
            all.addAll(b);
            return all;
        }
    }
}
