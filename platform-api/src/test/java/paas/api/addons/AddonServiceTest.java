package paas.api.addons;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import paas.api.TestDatabases;
import paas.api.domain.Addon;
import paas.api.domain.AddonAttachment;
import paas.api.domain.AddonName;
import paas.api.domain.AddonPlanRef;
import paas.api.domain.AppRef;
import paas.api.domain.ConfigVars;
import paas.api.domain.DynoSizes;
import paas.api.domain.PlatformException;
import paas.api.domain.Quotas;
import paas.api.domain.Release;
import paas.api.domain.User;
import paas.api.service.AppEvent;
import paas.api.service.AppListener;
import paas.api.service.Services;
import paas.api.store.AddonStore;
import paas.api.store.Database;
import paas.api.store.ListRange;
import paas.api.store.TestSecrets;
import paas.logs.DrainPolicy;
import paas.process.addons.AddonEventListener;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The add-on service over a real store (H2, and PostgreSQL where bin/test provides one) with an
 * in-memory add-on runtime: creating, attaching, detaching, promoting and destroying make the
 * releases and config vars the contract says; an app's destroy settles its add-ons; a restart
 * finishes what was left half-way; bad input and refusals change nothing.
 */
class AddonServiceTest {
    private final TestDatabases databases = new TestDatabases();
    private final MemoryAddonRuntime runtime = new MemoryAddonRuntime();
    private final List<String> appLog = Collections.synchronizedList(new ArrayList<>());
    private final List<AppEvent> events = Collections.synchronizedList(new ArrayList<>());
    private final AtomicReference<AppListener> hook = new AtomicReference<>(AppListener.NONE);
    private Database db;
    private Services services;
    private AddonService addons;
    private User alice;
    private User bob;

    static List<TestDatabases.Kind> kinds() {
        return TestDatabases.kinds().toList();
    }

    @AfterEach
    void close() {
        if (db != null) {
            db.close();
        }
        databases.close();
    }

    private void open(TestDatabases.Kind kind) throws Exception {
        db = Database.open(databases.newDatabase(kind), TestSecrets.box());
        services = Services.wire(db, "paas.test", DynoSizes.standard(), Quotas.defaults(),
                event -> hook.get().on(event), DrainPolicy.allowingLoopback());
        services.accounts().bootstrapAdmin("admin@paas.test", Optional.of("admin-token-for-tests-0001"));
        User admin = services.accounts().authenticate("admin-token-for-tests-0001").orElseThrow();
        alice = user(admin, "alice@paas.test");
        bob = user(admin, "bob@paas.test");
        services.apps().create(alice, Optional.of("shop"));
        services.apps().create(alice, Optional.of("blog"));
        services.apps().create(bob, Optional.of("bobs"));
        addons = service(Optional.of(AddonProviders.standard(runtime)), Duration.ofSeconds(5));
        hook.set(addons.appHook());
    }

    private AddonService service(Optional<AddonProviders> providers, Duration readyWait) {
        return new AddonService(db, providers, (app, text) -> appLog.add(app + ": " + text), events::add,
                Clock.systemUTC(), readyWait);
    }

    private User user(User admin, String email) {
        return services.accounts().authenticate(services.accounts().createUser(admin, email).secret()).orElseThrow();
    }

    private Map<String, String> config(String app) {
        return services.config().get(alice, app).values();
    }

    private Release latest(String app) {
        return services.releases().list(alice, app, ListRange.all(true)).items().getFirst();
    }

    private String url(AddonService.Described d) {
        return config(d.addon().owner().orElseThrow().name().value()).get(d.configVars().getFirst());
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void creatingAttachesTheFirstDatabaseAsDatabaseAndAColorInOneRelease(TestDatabases.Kind kind) throws Exception {
        open(kind);
        int before = latest("shop").version();
        AddonService.Described first = addons.create(alice, "shop", "postgresql", Optional.empty(), Optional.empty());

        Addon addon = first.addon();
        assertThat(addon.state()).isEqualTo(Addon.State.PROVISIONED);
        assertThat(addon.name().value()).matches("postgresql-[a-z]+-[0-9]{5}");
        assertThat(first.configVars()).containsExactly("DATABASE_URL", "HEROKU_POSTGRESQL_RED_URL");
        assertThat(first.containerId()).contains(runtime.entry(addon.id().toString()).containerId());
        String url = config("shop").get("DATABASE_URL");
        assertThat(url).matches("postgres://u[0-9a-f]{12}:[0-9a-f]{64}@" + addon.name() + ":5432/d[0-9a-f]{12}");
        assertThat(config("shop")).containsEntry("HEROKU_POSTGRESQL_RED_URL", url);
        Release release = latest("shop");
        assertThat(release.version()).isEqualTo(before + 1);
        assertThat(release.description()).isEqualTo("Attach DATABASE (@ref:" + addon.name() + ")");
        assertThat(runtime.entry(addon.id().toString()).apps()).containsExactly("shop");
        assertThat(events).anySatisfy(e -> assertThat(e).isEqualTo(new AppEvent.ConfigChanged(
                addon.owner().orElseThrow().name(), "alice@paas.test", release.description(), release.version())));
        assertThat(appLog).anySatisfy(l -> assertThat(l).startsWith("shop: " + addon.name()
                + " (heroku-postgresql:small) is ready after"));

        AddonService.Described second = addons.create(alice, "shop", "heroku-postgresql:standard", Optional.empty(),
                Optional.of("orders-db"));
        assertThat(second.configVars()).containsExactly("HEROKU_POSTGRESQL_BLUE_URL");
        assertThat(latest("shop").description()).isEqualTo("Attach HEROKU_POSTGRESQL_BLUE (@ref:orders-db)");
        assertThat(config("shop").get("DATABASE_URL")).isEqualTo(url);

        AddonService.Described cache = addons.create(alice, "shop", "redis", Optional.empty(), Optional.empty());
        assertThat(cache.configVars()).containsExactly("REDIS_URL");
        assertThat(config("shop").get("REDIS_URL")).matches("redis://:[0-9a-f]{64}@" + cache.addon().name() + ":6379");

        AddonService.Described named = addons.create(alice, "shop", "redis", Optional.of("SESSIONS"), Optional.empty());
        assertThat(named.configVars()).containsExactly("SESSIONS_URL");
        assertThat(addons.list(alice, Optional.of("shop"))).extracting(d -> d.addon().name().value())
                .containsExactly(addon.name().value(), "orders-db", cache.addon().name().value(),
                        named.addon().name().value());
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void attachDetachAndPromoteEachMakeOneRelease(TestDatabases.Kind kind) throws Exception {
        open(kind);
        AddonService.Described a = addons.create(alice, "shop", "postgresql", Optional.empty(), Optional.of("main-db"));
        AddonService.Described b = addons.create(alice, "shop", "postgresql", Optional.empty(), Optional.of("next-db"));
        String urlA = config("shop").get("DATABASE_URL");
        String urlB = config("shop").get("HEROKU_POSTGRESQL_BLUE_URL");

        int before = latest("shop").version();
        addons.promote(alice, "shop", "next-db");
        assertThat(latest("shop").version()).isEqualTo(before + 1);
        assertThat(latest("shop").description()).isEqualTo("Attach DATABASE (@ref:next-db)");
        assertThat(config("shop")).containsEntry("DATABASE_URL", urlB).containsEntry("HEROKU_POSTGRESQL_RED_URL", urlA)
                .containsEntry("HEROKU_POSTGRESQL_BLUE_URL", urlB);
        assertThat(addons.get(alice, Optional.empty(), "main-db").configVars()).containsExactly("HEROKU_POSTGRESQL_RED_URL");
        addons.promote(alice, "shop", "next-db");
        assertThat(latest("shop").version()).as("promoting DATABASE again changes nothing").isEqualTo(before + 1);

        AddonAttachment onBlog = addons.attach(alice, "main-db", "blog", Optional.empty());
        assertThat(onBlog.name().value()).isEqualTo("DATABASE");
        assertThat(config("blog")).containsEntry("DATABASE_URL", urlA).containsEntry("HEROKU_POSTGRESQL_RED_URL", urlA);
        assertThat(latest("blog").description()).isEqualTo("Attach DATABASE (@ref:main-db)");
        assertThat(runtime.entry(a.addon().id().toString()).apps()).containsExactlyInAnyOrder("shop", "blog");
        assertThatThrownBy(() -> addons.attach(alice, "main-db", "blog", Optional.of("DATABASE")))
                .isInstanceOf(PlatformException.Conflict.class).hasMessageContaining("DATABASE_URL");

        int blogBefore = latest("blog").version();
        AddonAttachment detached = addons.detach(alice, onBlog.id().toString());
        assertThat(detached.name().value()).isEqualTo("DATABASE");
        assertThat(latest("blog").description()).isEqualTo("Detach DATABASE (@ref:main-db)");
        assertThat(latest("blog").version()).isEqualTo(blogBefore + 1);
        assertThat(config("blog")).doesNotContainKey("DATABASE_URL").containsKey("HEROKU_POSTGRESQL_RED_URL");
        assertThat(runtime.entry(a.addon().id().toString()).apps()).as("still attached as RED").contains("blog");
        AddonAttachment red = addons.attachments(alice, Optional.of("blog")).getFirst();
        addons.detach(alice, red.id().toString());
        assertThat(runtime.entry(a.addon().id().toString()).apps()).containsExactly("shop");
        assertThat(addons.get(alice, Optional.empty(), "main-db").addon().state()).isEqualTo(Addon.State.PROVISIONED);
        assertThat(b.addon().name().value()).isEqualTo("next-db");
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void destroyingAnAddonUsedByAnotherAppNeedsForce(TestDatabases.Kind kind) throws Exception {
        open(kind);
        AddonService.Described db1 = addons.create(alice, "shop", "postgresql", Optional.empty(), Optional.of("main-db"));
        addons.attach(alice, "main-db", "blog", Optional.of("SHOP_DB"));
        assertThatThrownBy(() -> addons.destroy(alice, Optional.of("shop"), "main-db", false))
                .isInstanceOf(PlatformException.ConfirmationRequired.class).hasMessageContaining("app blog");
        assertThat(addons.get(alice, Optional.empty(), "main-db").addon().state()).isEqualTo(Addon.State.PROVISIONED);
        assertThatThrownBy(() -> addons.destroy(alice, Optional.of("blog"), "main-db", true))
                .isInstanceOf(PlatformException.InvalidParams.class).hasMessageContaining("belongs to app shop");

        addons.destroy(alice, Optional.of("shop"), "main-db", true);
        assertThat(config("shop")).doesNotContainKeys("DATABASE_URL", "HEROKU_POSTGRESQL_RED_URL");
        assertThat(config("blog")).doesNotContainKey("SHOP_DB_URL");
        assertThat(latest("blog").description()).isEqualTo("Detach SHOP_DB (@ref:main-db)");
        assertThat(latest("shop").description()).isEqualTo("Detach DATABASE (@ref:main-db)");
        assertThat(runtime.removedWithData).containsExactly(db1.addon().id().toString());
        assertThatThrownBy(() -> addons.get(alice, Optional.empty(), "main-db"))
                .isInstanceOf(PlatformException.NotFound.class);
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void destroyingAnAppHandsOnWhatOthersUseAndDestroysTheRest(TestDatabases.Kind kind) throws Exception {
        open(kind);
        AddonService.Described shared = addons.create(alice, "shop", "postgresql", Optional.empty(), Optional.of("shared-db"));
        AddonService.Described own = addons.create(alice, "shop", "redis", Optional.empty(), Optional.of("shop-cache"));
        addons.attach(alice, "shared-db", "blog", Optional.empty());

        services.apps().destroy(alice, "shop");

        Addon handed = addons.get(alice, Optional.empty(), "shared-db").addon();
        assertThat(handed.owner().map(AppRef::name).map(Object::toString)).contains("blog");
        assertThat(runtime.entry(shared.addon().id().toString()).apps()).containsExactly("blog");
        assertThat(runtime.removedWithData).containsExactly(own.addon().id().toString());
        assertThatThrownBy(() -> addons.get(alice, Optional.empty(), "shop-cache")).isInstanceOf(PlatformException.NotFound.class);
        assertThat(appLog).contains("blog: shared-db now belongs to this app: the app it was created on was destroyed");
        assertThat(config("blog")).containsKey("DATABASE_URL");
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void aRestartFinishesWhatAKilledPaasdLeftHalfWay(TestDatabases.Kind kind) throws Exception {
        open(kind);
        AddonService.Described kept = addons.create(alice, "blog", "postgresql", Optional.empty(), Optional.of("kept-db"));
        String keptContainer = kept.containerId().orElseThrow();
        AddonService.Described going = addons.create(alice, "blog", "redis", Optional.empty(), Optional.of("going"));
        // What a paasd killed during a create leaves: the row, committed, and no container yet.
        AddonStore store = new AddonStore(db.secrets());
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        UUID shopId = services.apps().get(alice, "shop").id();
        Addon half = new Addon(UUID.randomUUID(), new AddonName("half-made"), AddonPlanRef.parse("postgresql"),
                Optional.of(new AppRef(shopId, services.apps().get(alice, "shop").name())), Addon.State.PROVISIONING, now, now);
        db.inTransaction(c -> {
            store.insert(c, half, "pw", Optional.of(new paas.api.domain.AttachmentName("MAIN")));
            // ... and one killed during a destroy.
            store.transition(c, going.addon(), Addon.State.DEPROVISIONING, now);
            return null;
        });
        runtime.containers.get(kept.addon().id().toString()).apps().clear(); // as if the engine lost the connection

        AddonService restarted = service(Optional.of(AddonProviders.standard(runtime)), Duration.ofSeconds(5));
        restarted.resume();

        assertThat(runtime.entry(kept.addon().id().toString()).containerId()).isEqualTo(keptContainer);
        assertThat(runtime.entry(kept.addon().id().toString()).apps()).containsExactly("blog");
        assertThat(runtime.removedWithData).containsExactly(going.addon().id().toString());
        assertThat(config("blog")).doesNotContainKey("REDIS_URL");
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (restarted.get(alice, Optional.empty(), "half-made").addon().state() != Addon.State.PROVISIONED
                && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        AddonService.Described finished = restarted.get(alice, Optional.empty(), "half-made");
        assertThat(finished.addon().state()).isEqualTo(Addon.State.PROVISIONED);
        assertThat(finished.configVars()).containsExactly("MAIN_URL");
        assertThat(config("shop").get("MAIN_URL")).endsWith("@half-made:5432/d" + half.id().toString().substring(0, 8)
                + half.id().toString().substring(9, 13));
        assertThat(appLog).contains("shop: paasd restarted while half-made was being created; finishing it",
                "blog: paasd restarted while going was being destroyed; finishing it");
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void aProvisionedAddonWhoseDataIsGoneStaysStoppedIsReportedAndIsMadeAnewOnlyOnItsOwnersWord(TestDatabases.Kind kind)
            throws Exception {
        open(kind);
        AddonService.Described orders = addons.create(alice, "shop", "postgresql", Optional.empty(), Optional.of("orders"));
        addons.attach(alice, "orders", "blog", Optional.empty());
        String id = orders.addon().id().toString();
        String url = config("shop").get("DATABASE_URL");
        runtime.loseData(id); // docker rm -f, docker volume rm: behind paasd's back
        int creates = runtime.creates;

        AddonService restarted = service(Optional.of(AddonProviders.standard(runtime)), Duration.ofSeconds(5));
        restarted.resume();
        restarted.resume(); // and the start after that

        assertThat(runtime.creates).as("no empty database in place of the lost one").isEqualTo(creates);
        assertThat(runtime.containers).doesNotContainKey(id);
        assertThat(runtime.volumes).doesNotContain(id);
        AddonService.Described missing = restarted.get(alice, Optional.empty(), "orders");
        assertThat(missing.addon().state()).isEqualTo(Addon.State.PROVISIONED);
        assertThat(missing.status()).isEqualTo("data_missing");
        assertThat(missing.dataMissingSince()).isPresent();
        assertThat(missing.statusMessage().orElseThrow()).contains("data volume is gone",
                "paas addons:reprovision orders --confirm shop", "paas pg:backups:restore BACKUP orders --confirm shop",
                "paas addons:destroy orders --confirm shop");
        assertThat(appLog).contains("shop: " + missing.statusMessage().orElseThrow(),
                "blog: " + missing.statusMessage().orElseThrow());
        assertThat(config("shop").get("DATABASE_URL")).isEqualTo(url);

        assertThatThrownBy(() -> restarted.reprovision(bob, "shop", "orders", Optional.of("shop")))
                .isInstanceOf(PlatformException.class);
        assertThatThrownBy(() -> restarted.reprovision(alice, "shop", "orders", Optional.of("blog")))
                .isInstanceOf(PlatformException.ConfirmationRequired.class).hasMessageContaining("EMPTY");
        assertThat(runtime.creates).isEqualTo(creates);

        AddonService.Described again = restarted.reprovision(alice, "shop", "orders", Optional.of("shop"));
        assertThat(again.status()).isEqualTo("available");
        assertThat(again.dataMissingSince()).isEmpty();
        assertThat(runtime.entry(id).apps()).containsExactlyInAnyOrder("shop", "blog");
        assertThat(config("shop").get("DATABASE_URL")).as("same name and password: the same URL").isEqualTo(url);
        assertThat(appLog).contains("blog: orders was re-provisioned by alice@paas.test onto an empty volume: its data"
                + " is what a restore puts there (`paas pg:backups:restore`)");
        assertThatThrownBy(() -> restarted.reprovision(alice, "shop", "orders", Optional.of("shop")))
                .isInstanceOf(PlatformException.InvalidParams.class).hasMessageContaining("has its data");
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void aSlowServiceIsAnswered202AndFinishedInTheBackground(TestDatabases.Kind kind) throws Exception {
        open(kind);
        runtime.ready = false;
        AddonService quick = service(Optional.of(AddonProviders.standard(runtime)), Duration.ofMillis(100));
        AddonService.Described created = quick.create(alice, "shop", "redis", Optional.empty(), Optional.of("slow"));
        assertThat(created.addon().state()).isEqualTo(Addon.State.PROVISIONING);
        assertThat(config("shop")).doesNotContainKey("REDIS_URL");
        assertThatThrownBy(() -> quick.attach(alice, "slow", "blog", Optional.empty()))
                .isInstanceOf(PlatformException.InvalidParams.class).hasMessageContaining("provisioning");

        runtime.ready = true;
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!config("shop").containsKey("REDIS_URL") && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(config("shop")).containsKey("REDIS_URL");
        assertThat(quick.get(alice, Optional.empty(), "slow").addon().state()).isEqualTo(Addon.State.PROVISIONED);
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void closeInterruptsABackgroundCreateWhichTheNextStartFinishes(TestDatabases.Kind kind) throws Exception {
        open(kind);
        runtime.ready = false;
        AddonService quick = service(Optional.of(AddonProviders.standard(runtime)), Duration.ofMillis(100));
        AddonService.Described slow = quick.create(alice, "shop", "redis", Optional.empty(), Optional.of("slow"));
        assertThat(slow.addon().state()).isEqualTo(Addon.State.PROVISIONING);
        assertThat(threadNamed("addon-slow")).isPresent();

        long started = System.nanoTime();
        quick.close();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(AddonService.CLOSE_WAIT);
        assertThat(threadNamed("addon-slow")).as("interrupted and ended").isEmpty();
        assertThat(appLog).noneMatch(line -> line.contains("did not answer"));
        assertThat(quick.get(alice, Optional.empty(), "slow").addon().state()).isEqualTo(Addon.State.PROVISIONING);

        runtime.ready = true;
        AddonService restarted = service(Optional.of(AddonProviders.standard(runtime)), Duration.ofSeconds(5));
        restarted.resume();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (restarted.get(alice, Optional.empty(), "slow").addon().state() != Addon.State.PROVISIONED
                && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(config("shop")).containsKey("REDIS_URL");
    }

    private static Optional<Thread> threadNamed(String name) {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals(name) && t.isAlive())
                .findFirst();
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void aDestroyDuringTheCreateWins(TestDatabases.Kind kind) throws Exception {
        open(kind);
        runtime.ready = false;
        AddonService quick = service(Optional.of(AddonProviders.standard(runtime)), Duration.ofMillis(100));
        AddonService.Described doomed = quick.create(alice, "shop", "redis", Optional.empty(), Optional.of("doomed"));
        assertThat(doomed.addon().state()).isEqualTo(Addon.State.PROVISIONING);
        quick.destroy(alice, Optional.of("shop"), "doomed", false);
        runtime.ready = true;
        Thread.sleep(300);
        assertThat(config("shop")).doesNotContainKey("REDIS_URL");
        assertThatThrownBy(() -> quick.get(alice, Optional.empty(), "doomed")).isInstanceOf(PlatformException.NotFound.class);
        assertThat(runtime.removedWithData).containsExactly(doomed.addon().id().toString());
        // The store refuses a move from a state the add-on is no longer in.
        AddonService.Described other = quick.create(alice, "shop", "redis", Optional.empty(), Optional.of("other"));
        assertThatThrownBy(() -> db.inTransaction(c -> new AddonStore(db.secrets()).transition(c,
                other.addon().withState(Addon.State.DEPROVISIONING, Instant.now()), Addon.State.DEPROVISIONING,
                Instant.now()))).isInstanceOf(IllegalStateException.class);
        Addon stale = new Addon(other.addon().id(), other.addon().name(), other.addon().plan(), other.addon().owner(),
                Addon.State.PROVISIONING, other.addon().createdAt(), other.addon().updatedAt());
        assertThatThrownBy(() -> db.inTransaction(c -> new AddonStore(db.secrets()).transition(c, stale,
                Addon.State.PROVISIONED, Instant.now()))).isInstanceOf(PlatformException.Conflict.class);
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void badInputAndRefusalsChangeNothing(TestDatabases.Kind kind) throws Exception {
        open(kind);
        ConfigVars before = services.config().get(alice, "shop");
        assertThatThrownBy(() -> addons.create(alice, "shop", "mysql", Optional.empty(), Optional.empty()))
                .isInstanceOf(PlatformException.InvalidParams.class).hasMessageContaining("postgresql");
        assertThatThrownBy(() -> addons.create(alice, "shop", "redis", Optional.of("db"), Optional.empty()))
                .isInstanceOf(PlatformException.InvalidParams.class);
        assertThatThrownBy(() -> addons.create(alice, "shop", "redis", Optional.empty(), Optional.of("Bad_Name")))
                .isInstanceOf(PlatformException.InvalidParams.class);
        assertThatThrownBy(() -> addons.create(bob, "shop", "redis", Optional.empty(), Optional.empty()))
                .isInstanceOf(PlatformException.Forbidden.class);
        services.config().patch(alice, "shop", paas.api.domain.ConfigPatch.of(Map.of("CACHE_URL", "redis://elsewhere")));
        assertThatThrownBy(() -> addons.create(alice, "shop", "redis", Optional.of("CACHE"), Optional.empty()))
                .isInstanceOf(PlatformException.Conflict.class).hasMessageContaining("CACHE_URL");
        runtime.engineDown = true;
        assertThatThrownBy(() -> addons.create(alice, "shop", "redis", Optional.empty(), Optional.of("down")))
                .isInstanceOf(PlatformException.Unavailable.class).hasMessageContaining("ensure-engine.sh");
        runtime.engineDown = false;
        assertThat(addons.list(alice, Optional.empty())).as("a create the engine refused is removed at the next start")
                .extracting(d -> d.addon().state()).containsExactly(Addon.State.DEPROVISIONING);
        addons.resume();
        assertThat(addons.list(alice, Optional.empty())).isEmpty();
        assertThat(runtime.containers).isEmpty();
        assertThat(services.config().get(alice, "shop").values()).containsOnlyKeys(
                java.util.stream.Stream.concat(before.values().keySet().stream(), java.util.stream.Stream.of("CACHE_URL"))
                        .toArray(String[]::new));
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void othersNeitherSeeNorUseAnAppsAddons(TestDatabases.Kind kind) throws Exception {
        open(kind);
        AddonService.Described mine = addons.create(alice, "shop", "postgresql", Optional.empty(), Optional.of("alices-db"));
        assertThat(addons.list(bob, Optional.empty())).isEmpty();
        assertThat(addons.attachments(bob, Optional.empty())).isEmpty();
        assertThatThrownBy(() -> addons.get(bob, Optional.empty(), "alices-db")).isInstanceOf(PlatformException.NotFound.class);
        assertThatThrownBy(() -> addons.attach(bob, "alices-db", "bobs", Optional.empty()))
                .isInstanceOf(PlatformException.NotFound.class);
        assertThatThrownBy(() -> addons.attach(alice, "alices-db", "bobs", Optional.empty()))
                .isInstanceOf(PlatformException.Forbidden.class);
        assertThatThrownBy(() -> addons.destroy(bob, Optional.empty(), "alices-db", true))
                .isInstanceOf(PlatformException.NotFound.class);
        String attachment = mine.attachments().getFirst().id().toString();
        assertThatThrownBy(() -> addons.detach(bob, attachment)).isInstanceOf(PlatformException.NotFound.class);
        assertThat(addons.list(alice, Optional.empty())).hasSize(1);
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void crashesAndRestartsGoToTheLogsOfEveryAppUsingTheAddon(TestDatabases.Kind kind) throws Exception {
        open(kind);
        AddonService.Described d = addons.create(alice, "shop", "postgresql", Optional.empty(), Optional.of("crashy"));
        addons.attach(alice, "crashy", "blog", Optional.empty());
        AddonEventListener listener = addons.runtimeEvents();
        listener.on(d.addon().id().toString(), AddonEventListener.Kind.CRASHED, "exit 137");
        listener.on(d.addon().id().toString(), AddonEventListener.Kind.RESTARTED, "started again");
        listener.on("not-an-addon-id", AddonEventListener.Kind.CRASHED, "exit 1");
        assertThat(appLog).contains("shop: crashy crashed (exit 137), restarting", "blog: crashy crashed (exit 137), restarting",
                "shop: crashy is running again", "blog: crashy is running again");
    }

    @Test
    void withoutAContainerEngineAddonsAreRefusedWithTheFix() throws Exception {
        open(TestDatabases.Kind.H2);
        AddonService local = service(Optional.empty(), Duration.ofSeconds(1));
        assertThatThrownBy(() -> local.create(alice, "shop", "postgresql", Optional.empty(), Optional.empty()))
                .isInstanceOf(PlatformException.Unavailable.class)
                .hasMessageContaining("PAAS_RUNTIME=local").hasMessageContaining("deploy/docker/ensure-engine.sh");
        assertThat(local.list(alice, Optional.empty())).isEmpty();
        assertThat(services.config().get(alice, "shop").values()).isEmpty();
    }
}
