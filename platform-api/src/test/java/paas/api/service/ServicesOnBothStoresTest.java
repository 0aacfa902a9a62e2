package paas.api.service;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import paas.api.TestDatabases;
import paas.api.domain.App;
import paas.api.domain.ConfigPatch;
import paas.api.domain.DynoSizes;
import paas.api.domain.SlugRecord;
import paas.api.domain.HostCapacity;
import paas.api.domain.Quotas;
import paas.api.domain.FormationEntry;
import paas.api.domain.FormationUpdate;
import paas.api.domain.IssuedToken;
import paas.api.domain.PlatformException;
import paas.api.domain.ProcessType;
import paas.api.domain.Release;
import paas.api.domain.User;
import paas.api.store.Database;
import paas.api.store.TestSecrets;
import paas.api.store.ListRange;
import paas.api.store.Page;
import paas.vocabulary.DynoSize;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.time.temporal.ChronoUnit;
import java.time.Instant;
import java.util.UUID;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The control plane's rules, run against a real H2 file and a real PostgreSQL database. */
class ServicesOnBothStoresTest {
    private final TestDatabases databases = new TestDatabases();
    private Database db;
    private Services services;
    private User admin;

    private static final String ADMIN_TOKEN = "admin-token-for-tests-0001";

    private void open(TestDatabases.Kind kind) throws Exception {
        db = Database.open(databases.newDatabase(kind), TestSecrets.box());
        services = Services.wire(db, "paas.test", DynoSizes.standard(), Quotas.defaults().withDynosPerType(10));
        services.accounts().bootstrapAdmin("admin@paas.test", Optional.of(ADMIN_TOKEN));
        admin = services.accounts().authenticate(ADMIN_TOKEN).orElseThrow();
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

    @ParameterizedTest
    @MethodSource("kinds")
    void theNameApiIsThePlatformsOwn(TestDatabases.Kind kind) throws Exception {
        open(kind);
        assertThatThrownBy(() -> services.apps().create(admin, Optional.of("api")))
                .isInstanceOf(PlatformException.InvalidParams.class)
                .hasMessageContaining("the name api is reserved");
        services.apps().create(admin, Optional.of("apiary"));
        assertThatThrownBy(() -> services.apps().update(admin, "apiary",
                        Optional.of("api"), Optional.empty(), Optional.empty()))
                .hasMessageContaining("the name api is reserved");
        assertThat(services.apps().get(admin, "apiary").name().value()).isEqualTo("apiary");
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void createdAppHasInitialReleaseAndDefaultDomain(TestDatabases.Kind kind) throws Exception {
        open(kind);
        App app = services.apps().create(admin, Optional.of("myapp"));

        assertThat(app.name().value()).isEqualTo("myapp");
        assertThat(app.owner().email()).isEqualTo("admin@paas.test");
        List<Release> releases = services.releases().list(admin, "myapp", ListRange.all(false)).items();
        assertThat(releases).extracting(Release::version, Release::description, Release::current)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(1, "Initial release", true));
        assertThat(services.domains().list(admin, "myapp"))
                .extracting(d -> d.hostname().value()).containsExactly("myapp.paas.test");
        assertThat(services.apps().get(admin, app.id().toString()).name()).isEqualTo(app.name());
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void takenNameIsAConflictAndChangesNothing(TestDatabases.Kind kind) throws Exception {
        open(kind);
        services.apps().create(admin, Optional.of("taken"));
        assertThatThrownBy(() -> services.apps().create(admin, Optional.of("taken")))
                .isInstanceOf(PlatformException.Conflict.class).hasMessageContaining("already taken");
        assertThat(services.apps().list(admin, ListRange.all(false)).items()).hasSize(1);
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void configChangesMakeReleasesAndRollbackRestoresConfig(TestDatabases.Kind kind) throws Exception {
        open(kind);
        App app = services.apps().create(admin, Optional.of("cfg"));
        deploy(app); // v2

        ConfigService.Change set = services.config().patch(admin, "cfg", ConfigPatch.of(Map.of("FOO", "1")));
        assertThat(set.release()).map(Release::description).contains("Set FOO config vars");
        Map<String, String> unsetFoo = new HashMap<>();
        unsetFoo.put("FOO", null);
        ConfigService.Change unset = services.config().patch(admin, "cfg", ConfigPatch.of(unsetFoo));
        assertThat(unset.release()).map(Release::description).contains("Remove FOO config vars");
        assertThat(services.config().get(admin, "cfg").values()).isEmpty();

        Release rollback = services.releases().rollback(admin, "cfg", "v3");
        assertThat(rollback.version()).isEqualTo(5);
        assertThat(rollback.description()).isEqualTo("Rollback to v3");
        assertThat(rollback.current()).isTrue();
        assertThat(rollback.slugId()).isEqualTo(services.releases().get(admin, "cfg", "v3").slugId()).isNotNull();
        assertThat(services.config().get(admin, "cfg").values()).containsExactly(Map.entry("FOO", "1"));
        assertThat(services.releases().configOf(admin, "cfg", "4").values()).isEmpty();
        assertThat(services.releases().get(admin, "cfg", "v3").current()).isFalse();
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void rollbackToAReleaseWithoutASlugIsRefusedNamingOneWithAndChangesNothing(TestDatabases.Kind kind) throws Exception {
        open(kind);
        App app = services.apps().create(admin, Optional.of("early"));
        services.config().patch(admin, "early", ConfigPatch.of(Map.of("FOO", "1"))); // v2, no slug yet
        deploy(app); // v3
        services.config().patch(admin, "early", ConfigPatch.of(Map.of("FOO", "2"))); // v4
        deploy(app); // v5

        for (String slugless : List.of("v1", "v2")) {
            assertThatThrownBy(() -> services.releases().rollback(admin, "early", slugless))
                    .isInstanceOf(PlatformException.InvalidParams.class)
                    .hasMessage("release " + slugless + " has no slug (it was made before the first deploy), so early"
                            + " cannot run from it: roll back to a release with one, such as v4 (`paas releases -a early`"
                            + " lists them)");
        }
        assertThat(services.releases().list(admin, "early", ListRange.all(false)).items()).hasSize(5);
        assertThat(services.releases().get(admin, "early", "v5").current()).isTrue();
        assertThat(services.config().get(admin, "early").values()).containsExactly(Map.entry("FOO", "2"));

        App fresh = services.apps().create(admin, Optional.of("fresh"));
        deploy(fresh); // v2: the only release with a slug is the current one
        assertThatThrownBy(() -> services.releases().rollback(admin, "fresh", "v1"))
                .hasMessageContaining("no earlier release has a slug, so there is nothing to roll back to");
    }

    private void deploy(App app) {
        services.releases().deploy(app.id(), admin, new SlugRecord(UUID.randomUUID(), app.id(), "a".repeat(64), 100,
                "c0ffee0", "procfile", "paas-bookworm", Map.of("web", "serve"),
                Instant.now().truncatedTo(ChronoUnit.MICROS)), "Deploy c0ffee0");
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void patchThatChangesNothingMakesNoRelease(TestDatabases.Kind kind) throws Exception {
        open(kind);
        services.apps().create(admin, Optional.of("same"));
        services.config().patch(admin, "same", ConfigPatch.of(Map.of("A", "1")));
        Map<String, String> noop = new HashMap<>();
        noop.put("A", "1");
        noop.put("MISSING", null);
        assertThat(services.config().patch(admin, "same", ConfigPatch.of(noop)).release()).isEmpty();
        assertThat(services.releases().list(admin, "same", ListRange.all(false)).items()).hasSize(2);
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void concurrentConfigChangesLoseNothingAndNeverShareAVersion(TestDatabases.Kind kind) throws Exception {
        open(kind);
        services.apps().create(admin, Optional.of("busy"));
        int writers = 16;
        List<Callable<Release>> tasks = new ArrayList<>();
        for (int i = 0; i < writers; i++) {
            String key = "KEY_" + i;
            tasks.add(() -> services.config().patch(admin, "busy", ConfigPatch.of(Map.of(key, "v"))).release().orElseThrow());
        }
        List<Release> made = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            for (Future<Release> f : pool.invokeAll(tasks)) {
                made.add(f.get());
            }
        }

        assertThat(made).extracting(Release::version).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(IntStream.rangeClosed(2, writers + 1).boxed().toList());
        assertThat(services.config().get(admin, "busy").values().keySet())
                .containsExactlyInAnyOrderElementsOf(IntStream.range(0, writers).mapToObj(i -> "KEY_" + i).toList());
        Release newest = services.releases().get(admin, "busy", Integer.toString(writers + 1));
        assertThat(services.releases().configOf(admin, "busy", newest.id().toString()).values()).hasSize(writers);
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void configLimitsAreEnforcedAndChangeNothing(TestDatabases.Kind kind) throws Exception {
        open(kind);
        services.apps().create(admin, Optional.of("limits"));
        String big = "x".repeat(30 * 1024);
        services.config().patch(admin, "limits", ConfigPatch.of(Map.of("A", big)));
        services.config().patch(admin, "limits", ConfigPatch.of(Map.of("B", big)));
        assertThatThrownBy(() -> services.config().patch(admin, "limits", ConfigPatch.of(Map.of("C", big))))
                .isInstanceOf(PlatformException.InvalidParams.class).hasMessageContaining("at most 65536 bytes");
        assertThat(services.config().get(admin, "limits").values().keySet()).containsExactly("A", "B");
        assertThat(services.releases().list(admin, "limits", ListRange.all(false)).items()).hasSize(3);
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void formationRecordsQuantitiesAndSizesAllOrNothing(TestDatabases.Kind kind) throws Exception {
        open(kind);
        services.apps().create(admin, Optional.of("scaled"));
        List<FormationEntry> after = services.formation().update(admin, "scaled", List.of(
                new FormationUpdate(new ProcessType("web"), 2, null),
                new FormationUpdate(new ProcessType("worker"), 1, "standard-2x")));
        assertThat(after).extracting(e -> e.type().value() + "=" + e.quantity() + ":" + e.size())
                .containsExactly("web=2:standard-1x", "worker=1:standard-2x");

        assertThatThrownBy(() -> services.formation().update(admin, "scaled", List.of(
                new FormationUpdate(new ProcessType("web"), 5, null),
                new FormationUpdate(new ProcessType("worker"), 11, null))))
                .isInstanceOf(PlatformException.InvalidParams.class).hasMessageContaining("0 to 10");
        assertThatThrownBy(() -> services.formation().update(admin, "scaled", List.of(
                new FormationUpdate(new ProcessType("web"), 1, "huge-9x"))))
                .isInstanceOf(PlatformException.InvalidParams.class).hasMessageContaining("standard-1x");
        assertThat(services.formation().list(admin, "scaled")).extracting(FormationEntry::quantity).containsExactly(2, 1);
        assertThat(services.releases().list(admin, "scaled", ListRange.all(false)).items())
                .as("scaling makes no release").hasSize(1);
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void usersSeeOnlyTheirOwnApps(TestDatabases.Kind kind) throws Exception {
        open(kind);
        IssuedToken alice = services.accounts().createUser(admin, "alice@paas.test");
        IssuedToken bob = services.accounts().createUser(admin, "bob@paas.test");
        User aliceUser = services.accounts().authenticate(alice.secret()).orElseThrow();
        User bobUser = services.accounts().authenticate(bob.secret()).orElseThrow();
        services.apps().create(aliceUser, Optional.of("alices"));

        assertThat(services.apps().list(bobUser, ListRange.all(false)).items()).isEmpty();
        assertThatThrownBy(() -> services.config().get(bobUser, "alices")).isInstanceOf(PlatformException.Forbidden.class);
        assertThatThrownBy(() -> services.config().patch(bobUser, "alices", ConfigPatch.of(Map.of("X", "1"))))
                .isInstanceOf(PlatformException.Forbidden.class);
        assertThatThrownBy(() -> services.apps().destroy(bobUser, "alices")).isInstanceOf(PlatformException.Forbidden.class);
        assertThatThrownBy(() -> services.accounts().createUser(bobUser, "eve@paas.test"))
                .isInstanceOf(PlatformException.Forbidden.class);
        assertThat(services.apps().list(admin, ListRange.all(false)).items()).extracting(a -> a.name().value())
                .containsExactly("alices");
        assertThat(services.config().get(aliceUser, "alices").values()).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void revokedTokenStopsWorking(TestDatabases.Kind kind) throws Exception {
        open(kind);
        IssuedToken extra = services.accounts().createToken(admin, "laptop");
        assertThat(services.accounts().authenticate(extra.secret())).isPresent();
        services.accounts().revokeToken(admin, extra.token().id().toString());
        assertThat(services.accounts().authenticate(extra.secret())).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void customDomainsAreUniqueAndTheDefaultStays(TestDatabases.Kind kind) throws Exception {
        open(kind);
        services.apps().create(admin, Optional.of("one"));
        services.apps().create(admin, Optional.of("two"));
        services.domains().add(admin, "one", "www.example.com");
        assertThatThrownBy(() -> services.domains().add(admin, "two", "www.example.com"))
                .isInstanceOf(PlatformException.Conflict.class);
        assertThatThrownBy(() -> services.domains().add(admin, "two", "one.paas.test"))
                .isInstanceOf(PlatformException.InvalidParams.class).hasMessageContaining("platform domain");
        assertThatThrownBy(() -> services.domains().remove(admin, "one", "one.paas.test"))
                .isInstanceOf(PlatformException.InvalidParams.class);
        services.domains().remove(admin, "one", "www.example.com");
        services.domains().add(admin, "two", "www.example.com");
        assertThat(services.domains().list(admin, "two")).extracting(d -> d.hostname().value())
                .containsExactlyInAnyOrder("two.paas.test", "www.example.com");
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void quotasRefuseGrowthNamingTheLimitAndAlwaysAllowShrinking(TestDatabases.Kind kind) throws Exception {
        open(kind);
        Services tight = Services.wire(db, "paas.test", DynoSizes.standard().on(new HostCapacity(4096, 2)),
                new Quotas(2, 4, 5, 7));
        User user = tight.accounts().createUser(admin, "tenant@paas.test").user();
        tight.apps().create(user, Optional.of("first"));
        tight.apps().create(user, Optional.of("second"));
        assertThatThrownBy(() -> tight.apps().create(user, Optional.of("third")))
                .isInstanceOf(PlatformException.InvalidParams.class).hasMessageContaining("PAAS_MAX_APPS_PER_USER");
        tight.apps().create(admin, Optional.of("admins")); // a quota per user, not per platform

        assertThatThrownBy(() -> scale(tight, user, "first", "web", 5, null)).hasMessageContaining("0 to 4 dynos");
        scale(tight, user, "first", "web", 4, null);
        assertThatThrownBy(() -> scale(tight, user, "first", "worker", 2, null))
                .hasMessageContaining("first 6 dynos").hasMessageContaining("PAAS_MAX_DYNOS_PER_APP");
        scale(tight, user, "second", "web", 3, null);
        assertThatThrownBy(() -> scale(tight, admin, "admins", "web", 1, null))
                .hasMessageContaining("8 dynos on the platform").hasMessageContaining("PAAS_MAX_DYNOS");
        scale(tight, user, "second", "web", 2, null); // shrinking is always fine
        scale(tight, admin, "admins", "web", 1, null);
        assertThat(tight.formation().list(user, "first")).singleElement().satisfies(e -> assertThat(e.quantity()).isEqualTo(4));

        assertThatThrownBy(() -> scale(tight, user, "second", "web", 1, "performance-l"))
                .isInstanceOf(PlatformException.InvalidParams.class)
                .hasMessageContaining("needs 14336 MB and 4.0 CPUs, more than this platform's host has (4096 MB, 2 CPUs)")
                .hasMessageContaining("use one of basic, standard-1x, standard-2x, performance-m");
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void herokusSizeNamesInAnyCaseScaleToThePlatformsSizes(TestDatabases.Kind kind) throws Exception {
        open(kind);
        services.apps().create(admin, Optional.of("sized"));
        scale(services, admin, "sized", "web", 1, "Standard-2X");
        scale(services, admin, "sized", "worker", 1, "Eco");
        scale(services, admin, "sized", "clock", 1, "PERFORMANCE-M");
        assertThat(services.formation().list(admin, "sized")).extracting(e -> e.type().value() + "=" + e.size())
                .containsExactly("clock=performance-m", "web=standard-2x", "worker=basic");
        assertThatThrownBy(() -> scale(services, admin, "sized", "web", 1, "Performance-XL"))
                .isInstanceOf(PlatformException.InvalidParams.class)
                .hasMessageContaining("unknown dyno size 'Performance-XL': use one of basic, standard-1x");
        assertThat(services.formation().list(admin, "sized")).extracting(e -> e.type().value() + "=" + e.size())
                .contains("web=standard-2x");
    }

    private static void scale(Services services, User caller, String app, String type, int quantity, String size) {
        services.formation().update(caller, app, List.of(new FormationUpdate(new ProcessType(type), quantity, size)));
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void noAppClaimsANameAnotherAppsWildcardCoversOrTheReverseNorAnAddress(TestDatabases.Kind kind) throws Exception {
        open(kind);
        services.apps().create(admin, Optional.of("owner"));
        services.apps().create(admin, Optional.of("other"));
        services.domains().add(admin, "owner", "www.a.example");
        assertThatThrownBy(() -> services.domains().add(admin, "other", "*.a.example"))
                .isInstanceOf(PlatformException.Conflict.class).hasMessageContaining("overlaps www.a.example");
        services.domains().add(admin, "owner", "*.a.example");
        assertThatThrownBy(() -> services.domains().add(admin, "other", "api.a.example"))
                .isInstanceOf(PlatformException.Conflict.class).hasMessageContaining("overlaps *.a.example");
        assertThatThrownBy(() -> services.domains().add(admin, "other", "*.A.example"))
                .isInstanceOf(PlatformException.Conflict.class).hasMessageContaining("already in use");
        // One label only: neither the parent nor a name two labels below is covered.
        services.domains().add(admin, "other", "a.example");
        services.domains().add(admin, "other", "x.api.a.example");
        services.domains().add(admin, "owner", "api.a.example");
        for (String address : new String[] {"127.0.0.1", "10.0.0.7", "192.0.2.2"}) {
            assertThatThrownBy(() -> services.domains().add(admin, "other", address)).as(address)
                    .isInstanceOf(PlatformException.InvalidParams.class).hasMessageContaining("not a hostname");
        }
        assertThat(services.domains().list(admin, "other")).extracting(d -> d.hostname().value())
                .containsExactlyInAnyOrder("other.paas.test", "a.example", "x.api.a.example");
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void stackSetIsStoredAndAnUnknownStackChangesNothing(TestDatabases.Kind kind) throws Exception {
        open(kind);
        services.apps().create(admin, Optional.of("boxed"));
        assertThat(services.apps().get(admin, "boxed").stack()).isEqualTo("paas-bookworm");
        services.apps().update(admin, "boxed", Optional.empty(), Optional.empty(), Optional.of("container"));
        assertThat(services.apps().get(admin, "boxed").stack()).isEqualTo("container");
        assertThatThrownBy(() -> services.apps().update(admin, "boxed", Optional.of("renamed"), Optional.empty(),
                Optional.of("heroku-24")))
                .isInstanceOf(PlatformException.InvalidParams.class)
                .hasMessage("stack 'heroku-24' does not exist; the stacks are paas-bookworm and container");
        assertThat(services.apps().get(admin, "boxed").stack()).isEqualTo("container");
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void renameMovesTheDefaultDomainAndDestroyRemovesEverything(TestDatabases.Kind kind) throws Exception {
        open(kind);
        services.apps().create(admin, Optional.of("before"));
        services.config().patch(admin, "before", ConfigPatch.of(Map.of("A", "1")));
        services.apps().update(admin, "before", Optional.of("after"), Optional.of(true), Optional.empty());
        App renamed = services.apps().get(admin, "after");
        assertThat(renamed.maintenance()).isTrue();
        assertThat(services.domains().list(admin, "after")).extracting(d -> d.hostname().value())
                .containsExactly("after.paas.test");

        services.apps().destroy(admin, "after");
        assertThatThrownBy(() -> services.apps().get(admin, "after")).isInstanceOf(PlatformException.NotFound.class);
        services.apps().create(admin, Optional.of("after"));
        assertThat(services.config().get(admin, "after").values()).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void releasesPageInEitherOrder(TestDatabases.Kind kind) throws Exception {
        open(kind);
        services.apps().create(admin, Optional.of("paged"));
        for (int i = 0; i < 5; i++) {
            services.config().patch(admin, "paged", ConfigPatch.of(Map.of("N", Integer.toString(i))));
        }
        Page<Release> newest = services.releases().list(admin, "paged", new ListRange(null, false, 2, true));
        assertThat(newest.items()).extracting(Release::version).containsExactly(6, 5);
        assertThat(newest.more()).isTrue();
        Page<Release> next = services.releases().list(admin, "paged", new ListRange(newest.lastKey(), true, 2, true));
        assertThat(next.items()).extracting(Release::version).containsExactly(4, 3);
        Page<Release> last = services.releases().list(admin, "paged", new ListRange("2", true, 10, true));
        assertThat(last.items()).extracting(Release::version).containsExactly(1);
        assertThat(last.more()).isFalse();
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void generatedNamesAreValidAndDistinct(TestDatabases.Kind kind) throws Exception {
        open(kind);
        List<String> names = IntStream.range(0, 5).mapToObj(i -> services.apps().create(admin, Optional.empty()))
                .map(a -> a.name().value()).collect(Collectors.toList());
        assertThat(names).doesNotHaveDuplicates().allMatch(n -> n.matches("[a-z][a-z0-9-]{1,29}"));
    }
}
