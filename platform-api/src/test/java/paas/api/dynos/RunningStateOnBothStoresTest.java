package paas.api.dynos;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import paas.api.TestDatabases;
import paas.api.domain.App;
import paas.api.domain.AppName;
import paas.api.domain.ConfigPatch;
import paas.api.domain.DynoSizes;
import paas.api.domain.Quotas;
import paas.api.domain.FormationUpdate;
import paas.api.domain.IssuedToken;
import paas.api.domain.PlatformException;
import paas.api.domain.ProcessType;
import paas.api.domain.Release;
import paas.api.domain.SlugRecord;
import paas.api.domain.User;
import paas.api.service.AppActivity;
import paas.api.service.AppEvent;
import paas.api.service.AppListener;
import paas.api.service.Services;
import paas.api.store.Database;
import paas.api.store.TestSecrets;
import paas.logs.DrainPolicy;
import paas.outbound.OutboundPolicy;
import paas.outbound.Resolver;
import paas.process.Formation;
import paas.vocabulary.DynoSize;

import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What the running side reads from the store, and what the control plane tells it, on H2 and
 * PostgreSQL: release-phase states, drains under the platform's policy, formation to run, and
 * the activity lines the app's log shows.
 */
class RunningStateOnBothStoresTest {
    private static final String ADMIN_TOKEN = "admin-token-for-tests-0002";
    private static final String SHA = "a".repeat(64);
    /** DNS for the drain tests: logs.example.com is a public address, nothing else exists. */
    private static final Resolver PUBLIC_LOGS_HOST = host -> {
        if (!host.equals("logs.example.com")) {
            throw new java.net.UnknownHostException(host);
        }
        return List.of(java.net.InetAddress.getByName("93.184.215.14"));
    };

    private final TestDatabases databases = new TestDatabases();
    private final List<String> notices = Collections.synchronizedList(new ArrayList<>());
    private Database db;
    private Services services;
    private User admin;
    private AppStateReader reader;
    private ReleasePhaseResults phaseResults;

    private void open(TestDatabases.Kind kind) throws Exception {
        db = Database.open(databases.newDatabase(kind), TestSecrets.box());
        AppListener recorder = event -> {
            if (event instanceof AppEvent.Destroyed) {
                notices.add("destroyed " + event.app());
            } else {
                List<String> activity = AppActivity.lines(event);
                notices.add("changed " + event.app() + (activity.isEmpty() ? "" : ": " + String.join("\n", activity)));
            }
        };
        services = Services.wire(db, "paas.test", DynoSizes.standard(), Quotas.defaults().withDynosPerType(10), recorder,
                new DrainPolicy(OutboundPolicy.strict().withResolver(PUBLIC_LOGS_HOST)));
        services.accounts().bootstrapAdmin("admin@paas.test", Optional.of(ADMIN_TOKEN));
        admin = services.accounts().authenticate(ADMIN_TOKEN).orElseThrow();
        reader = new AppStateReader(db);
        phaseResults = new ReleasePhaseResults(db, new paas.api.store.ReleaseStore(db.secrets()));
    }

    @AfterEach
    void close() {
        if (db != null) {
            db.close();
        }
        databases.close();
    }

    static List<TestDatabases.Kind> kinds() {
        return TestDatabases.kinds().toList();
    }

    /** The one path segment after /release-outputs/ in an output_stream_url. */
    private static String linkOf(String url) {
        return url.substring(url.indexOf(ReleaseOutputLinks.PATH) + ReleaseOutputLinks.PATH.length());
    }

    private Release deploy(App app, Map<String, String> processTypes) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        return services.releases().deploy(app.id(), admin, new SlugRecord(UUID.randomUUID(), app.id(), SHA, 100,
                "c0ffee0", "procfile", "paas-bookworm", processTypes, now), "Deploy c0ffee0");
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void aReleaseWithAReleaseCommandWaitsForItsPhase(TestDatabases.Kind kind) throws Exception {
        open(kind);
        App app = services.apps().create(admin, Optional.of("phased"));
        Release v2 = deploy(app, Map.of("web", "serve", "release", "migrate"));

        assertThat(v2.status()).isEqualTo(Release.Status.PENDING);
        AppState state = reader.load("phased").orElseThrow();
        assertThat(state.live()).as("v1 has no slug: nothing runs yet").isEmpty();
        assertThat(state.pending().orElseThrow().release().version()).isEqualTo(2);
        assertThat(state.pending().get().slugSha256()).isEqualTo(SHA);

        assertThat(phaseResults.record(v2.id(), true, "migrated\n")).isTrue();
        assertThat(phaseResults.record(v2.id(), false, "again\n")).as("finished once only").isFalse();
        state = reader.load("phased").orElseThrow();
        assertThat(state.live().orElseThrow().release().version()).isEqualTo(2);
        assertThat(state.pending()).isEmpty();

        // A config change of a release with a release command runs it again; a failure keeps v2 live.
        services.config().patch(admin, "phased", ConfigPatch.of(Map.of("A", "1")));
        state = reader.load("phased").orElseThrow();
        Release v3 = state.pending().orElseThrow().release();
        assertThat(v3.version()).isEqualTo(3);
        assertThat(state.pending().get().config()).containsEntry("A", "1");
        paas.api.TestClock clock = new paas.api.TestClock(Instant.parse("2026-12-04T21:10:00Z"));
        ReleaseOutputLinks links = ReleaseOutputLinks.open(db, "http://api.paas.test/", clock);
        String v3Link = linkOf(links.url(v3.id()));
        assertThatThrownBy(() -> links.output(v3Link)).as("its phase has not finished")
                .isInstanceOf(PlatformException.NotFound.class).hasMessageContaining("not finished yet");
        phaseResults.record(v3.id(), false, "failed\n");
        assertThat(links.output(v3Link)).isEqualTo("failed\n");
        assertThat(links.output(linkOf(links.url(v2.id())))).as("kept with each release").isEqualTo("migrated\n");
        assertThat(ReleaseOutputLinks.open(db, "http://api.paas.test", clock).url(v3.id()))
                .as("the same key after a restart, and the same link within the hour")
                .isEqualTo(links.url(v3.id())).startsWith("http://api.paas.test/release-outputs/" + v3.id() + ".");
        String forged = v3Link.substring(0, v3Link.lastIndexOf('.') + 1) + "A".repeat(43);
        assertThatThrownBy(() -> links.output(forged)).isInstanceOf(PlatformException.NotFound.class);
        for (String hostile : List.of("-".repeat(36) + v3Link.substring(36), "", "x", v3Link + ".", "../../etc")) {
            assertThatThrownBy(() -> links.output(hostile)).as(hostile).isInstanceOf(PlatformException.NotFound.class)
                    .hasMessageContaining("not valid");
        }
        String otherRelease = v2.id() + v3Link.substring(v3Link.indexOf('.'));
        assertThatThrownBy(() -> links.output(otherRelease)).as("a signature names its release")
                .isInstanceOf(PlatformException.NotFound.class);
        clock.advance(java.time.Duration.ofHours(2));
        assertThatThrownBy(() -> links.output(v3Link)).as("expired").isInstanceOf(PlatformException.NotFound.class)
                .hasMessageContaining("expired");
        state = reader.load("phased").orElseThrow();
        assertThat(state.live().orElseThrow().release().version()).isEqualTo(2);
        assertThat(state.pending()).isEmpty();
        assertThat(services.releases().get(admin, "phased", "v3").status()).isEqualTo(Release.Status.FAILED);
        assertThat(notices).contains("changed phased: Set A config vars by user admin@paas.test\n"
                + "Release v3 created by user admin@paas.test");
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void theFormationToRunHasEveryDeclaredTypeButTheReleaseCommand(TestDatabases.Kind kind) throws Exception {
        open(kind);
        App app = services.apps().create(admin, Optional.of("formed"));
        deploy(app, Map.of("web", "serve", "worker", "work", "clock", "tick"));
        services.formation().update(admin, "formed", List.of(
                new FormationUpdate(new ProcessType("worker"), 2, "standard-2x")));
        assertThat(notices).contains("changed formed: Scaled to worker@2:standard-2x by user admin@paas.test");

        Path slug = Path.of("/slugs/" + SHA + ".tgz");
        ReleaseSpecs specs = new ReleaseSpecs(sha -> Optional.of(slug), DynoSizes.standard());
        Formation f = specs.formation(reader.load("formed").orElseThrow()).orElseThrow();
        assertThat(f.release().version()).isEqualTo(2);
        assertThat(f.release().artifact()).isEqualTo(new paas.process.Artifact.SlugFile(SHA, slug));
        assertThat(f.quantity("web")).as("the first deploy with web scales it to 1").isEqualTo(1);
        assertThat(f.quantity("worker")).isEqualTo(2);
        assertThat(f.processes().get("worker").size().memoryMb()).isEqualTo(1024);
        assertThat(f.quantity("clock")).isZero();
        assertThat(f.processes()).containsKey("clock");

        ReleaseSpecs missingSlug = new ReleaseSpecs(sha -> Optional.empty(), DynoSizes.standard());
        assertThat(missingSlug.formation(reader.load("formed").orElseThrow())).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void drainsPassThePolicyAreUniqueAndBelongToTheirOwner(TestDatabases.Kind kind) throws Exception {
        open(kind);
        services.apps().create(admin, Optional.of("drained"));
        IssuedToken alice = services.accounts().createUser(admin, "alice@paas.test");
        User aliceUser = services.accounts().authenticate(alice.secret()).orElseThrow();

        assertThatThrownBy(() -> services.drains().add(admin, "drained", "syslog+tcp://127.0.0.1:514"))
                .isInstanceOf(PlatformException.InvalidParams.class).hasMessageContaining("loopback");
        assertThatThrownBy(() -> services.drains().add(admin, "drained", "ftp://logs.example.com/"))
                .isInstanceOf(PlatformException.InvalidParams.class);
        assertThatThrownBy(() -> services.drains().add(admin, "drained", "syslog+tls://nowhere.example.com:6514"))
                .isInstanceOf(PlatformException.InvalidParams.class).hasMessageContaining("does not resolve");
        assertThat(services.drains().list(admin, "drained")).isEmpty();

        var drain = services.drains().add(admin, "drained", "syslog+tls://logs.example.com:6514");
        assertThat(drain.token()).matches("d\\.[0-9a-f-]{36}");
        assertThatThrownBy(() -> services.drains().add(admin, "drained", "syslog+tls://logs.example.com:6514"))
                .isInstanceOf(PlatformException.Conflict.class);
        assertThatThrownBy(() -> services.drains().list(aliceUser, "drained"))
                .isInstanceOf(PlatformException.Forbidden.class);
        assertThat(reader.load("drained").orElseThrow().drains()).extracting(d -> d.url())
                .containsExactly("syslog+tls://logs.example.com:6514");

        services.drains().remove(admin, "drained", "syslog+tls://logs.example.com:6514");
        assertThat(reader.load("drained").orElseThrow().drains()).isEmpty();
        assertThat(notices.stream().filter(n -> n.equals("changed drained")).count()).isEqualTo(2);
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void theReaderSeesDomainsMaintenanceAndEveryApp(TestDatabases.Kind kind) throws Exception {
        open(kind);
        services.apps().create(admin, Optional.of("first"));
        services.apps().create(admin, Optional.of("second"));
        services.domains().add(admin, "first", "www.example.com");
        services.apps().update(admin, "first", Optional.empty(), Optional.of(true), Optional.empty());

        AppState first = reader.load("first").orElseThrow();
        assertThat(first.customHostnames()).containsExactly("www.example.com");
        assertThat(first.maintenance()).isTrue();
        assertThat(reader.appNames()).extracting(AppName::value).containsExactly("first", "second");
        assertThat(reader.load("nope")).isEmpty();
        assertThat(notices).contains("changed first: Enable maintenance mode by user admin@paas.test")
                .noneMatch(n -> n.startsWith("changed second"));
    }
}
