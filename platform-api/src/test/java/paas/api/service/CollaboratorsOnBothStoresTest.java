package paas.api.service;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import paas.api.TestDatabases;
import paas.api.domain.AppName;
import paas.api.domain.AppTransfer;
import paas.api.domain.Collaborator;
import paas.api.domain.DynoSizes;
import paas.api.domain.PlatformException;
import paas.api.domain.Quotas;
import paas.api.domain.User;
import paas.api.store.Database;
import paas.api.store.ListRange;
import paas.logs.DrainPolicy;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Collaborators and app transfers through the services, on a real H2 file and a real PostgreSQL database. */
class CollaboratorsOnBothStoresTest {
    private static final String ADMIN_TOKEN = "admin-token-for-collaborator-tests";

    private final List<String> told = new CopyOnWriteArrayList<>();
    private final TestDatabases databases = new TestDatabases();
    private Database db;
    private Services services;
    private CollaboratorService collaborators;
    private User admin;
    private User alice;
    private User bob;
    private User carol;

    private void open(TestDatabases.Kind kind, Quotas quotas) throws Exception {
        db = Database.open(databases.newDatabase(kind), paas.api.store.TestSecrets.box());
        services = Services.wire(db, "paas.test", DynoSizes.standard(), quotas, AppListener.NONE,
                DrainPolicy.allowingLoopback(), new AccessListener() {
                    @Override
                    public void tokenRevoked(UUID tokenId) {
                    }

                    @Override
                    public void userCutOff(UUID userId) {
                        told.add("cut off " + userId);
                    }

                    @Override
                    public void appAccessRemoved(UUID userId, AppName app) {
                        told.add("removed " + userId + " from " + app);
                    }
                });
        collaborators = services.collaborators();
        services.accounts().bootstrapAdmin("admin@paas.test", Optional.of(ADMIN_TOKEN));
        admin = services.accounts().authenticate(ADMIN_TOKEN).orElseThrow();
        alice = services.accounts().createUser(admin, "alice@paas.test").user();
        bob = services.accounts().createUser(admin, "bob@paas.test").user();
        carol = services.accounts().createUser(admin, "carol@paas.test").user();
    }

    private void open(TestDatabases.Kind kind) throws Exception {
        open(kind, Quotas.defaults());
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

    private List<String> appsOf(User user) {
        return services.apps().list(user, ListRange.all(false)).items().stream().map(a -> a.name().value()).toList();
    }

    private List<String> access(User caller, String app) {
        return collaborators.list(caller, app).stream().map(k -> k.user().email() + " " + k.role().value()).toList();
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void aCollaboratorIsListedWithTheOwnerAndSeesTheAppAmongTheirs(TestDatabases.Kind kind) throws Exception {
        open(kind);
        services.apps().create(alice, Optional.of("shared"));
        services.apps().create(alice, Optional.of("private"));
        assertThatThrownBy(() -> services.apps().get(bob, "shared")).isInstanceOf(PlatformException.Forbidden.class)
                .hasMessageContaining("paas access:add");

        Collaborator added = collaborators.add(alice, "shared", "bob@paas.test");
        assertThat(added.role()).isEqualTo(Collaborator.Role.COLLABORATOR);
        assertThat(added.app().name().value()).isEqualTo("shared");
        assertThat(added.user().id()).isEqualTo(bob.id());

        assertThat(access(alice, "shared")).containsExactly("alice@paas.test owner", "bob@paas.test collaborator");
        assertThat(access(bob, "shared")).as("a collaborator sees who else has access")
                .containsExactly("alice@paas.test owner", "bob@paas.test collaborator");
        assertThat(appsOf(bob)).containsExactly("shared");
        assertThat(appsOf(alice)).containsExactly("private", "shared");
        assertThat(appsOf(carol)).isEmpty();
        assertThat(services.apps().get(bob, "shared").owner().id()).isEqualTo(alice.id());
        assertThat(collaborators.get(alice, "shared", "bob@paas.test").id()).isEqualTo(added.id());
        assertThat(collaborators.get(alice, "shared", added.id().toString()).user().email()).isEqualTo("bob@paas.test");
        Collaborator owner = collaborators.get(bob, "shared", "alice@paas.test");
        assertThat(collaborators.get(bob, "shared", owner.id().toString()).role()).isEqualTo(Collaborator.Role.OWNER);
        assertThatThrownBy(() -> collaborators.list(carol, "shared")).isInstanceOf(PlatformException.Forbidden.class);
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void aUserIsNamedByEmailOrByIdAsHerokuClientsSendEither(TestDatabases.Kind kind) throws Exception {
        open(kind);
        services.apps().create(alice, Optional.of("shared"));
        assertThat(collaborators.add(alice, "shared", bob.id().toString()).user().email()).isEqualTo("bob@paas.test");
        assertThatThrownBy(() -> collaborators.add(alice, "shared", UUID.randomUUID().toString()))
                .isInstanceOf(PlatformException.NotFound.class).hasMessageContaining("no user has the id");
        assertThat(services.transfers().transfer(alice, "shared", bob.id().toString()).to().email())
                .isEqualTo("bob@paas.test");
        assertThat(services.accounts().user(admin, bob.id().toString()).user().email()).isEqualTo("bob@paas.test");
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void addingAUserWhileAnAdminDestroysThemEndsOneWayOrTheOtherNeverHalfDone(TestDatabases.Kind kind) throws Exception {
        open(kind);
        services.apps().create(alice, Optional.of("shared"));
        var pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            for (int i = 0; i < 15; i++) {
                String email = "racer" + i + "@paas.test";
                services.accounts().createUser(admin, email);
                var start = new java.util.concurrent.CyclicBarrier(2);
                var add = pool.submit(() -> {
                    start.await();
                    return collaborators.add(alice, "shared", email);
                });
                var destroy = pool.submit(() -> {
                    start.await();
                    return services.accounts().destroyUser(admin, email);
                });
                destroy.get();
                try {
                    add.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    assertThat(e.getCause()).as("the user was gone first").isInstanceOf(PlatformException.NotFound.class);
                }
                assertThat(access(alice, "shared")).as("a destroyed user's entry goes with them")
                        .containsExactly("alice@paas.test owner");
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void addingSomeoneUnknownTheOwnerTwiceOrDisabledFailsWithTheFixAndChangesNothing(TestDatabases.Kind kind)
            throws Exception {
        open(kind);
        services.apps().create(alice, Optional.of("shared"));
        collaborators.add(alice, "shared", "bob@paas.test");

        assertThatThrownBy(() -> collaborators.add(alice, "shared", "nobody@paas.test"))
                .isInstanceOf(PlatformException.NotFound.class)
                .hasMessageContaining("no user has the email nobody@paas.test on this platform")
                .hasMessageContaining("paas users:create nobody@paas.test");
        assertThatThrownBy(() -> collaborators.add(alice, "shared", "alice@paas.test"))
                .isInstanceOf(PlatformException.Conflict.class).hasMessageContaining("owns app shared");
        assertThatThrownBy(() -> collaborators.add(alice, "shared", "bob@paas.test"))
                .isInstanceOf(PlatformException.Conflict.class).hasMessageContaining("already a collaborator");
        services.accounts().setDisabled(admin, "carol@paas.test", true);
        assertThatThrownBy(() -> collaborators.add(alice, "shared", "carol@paas.test"))
                .isInstanceOf(PlatformException.Conflict.class).hasMessageContaining("paas users:enable carol@paas.test");
        assertThatThrownBy(() -> collaborators.add(alice, "shared", " "))
                .isInstanceOf(PlatformException.InvalidParams.class);
        assertThat(access(alice, "shared")).containsExactly("alice@paas.test owner", "bob@paas.test collaborator");
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void onlyTheOwnerOrAnAdminManagesCollaboratorsButACollaboratorMayLeave(TestDatabases.Kind kind) throws Exception {
        open(kind);
        services.apps().create(alice, Optional.of("shared"));
        collaborators.add(alice, "shared", "bob@paas.test");

        assertThatThrownBy(() -> collaborators.add(bob, "shared", "carol@paas.test"))
                .isInstanceOf(PlatformException.Forbidden.class)
                .hasMessageContaining("only the owner of app shared (alice@paas.test) or an admin may add collaborators");
        assertThatThrownBy(() -> collaborators.add(carol, "shared", "carol@paas.test"))
                .isInstanceOf(PlatformException.Forbidden.class).hasMessageContaining("you do not have access");
        collaborators.add(admin, "shared", "carol@paas.test");
        assertThatThrownBy(() -> collaborators.remove(bob, "shared", "carol@paas.test"))
                .isInstanceOf(PlatformException.Forbidden.class).hasMessageContaining("remove collaborators");
        assertThatThrownBy(() -> collaborators.remove(alice, "shared", "alice@paas.test"))
                .isInstanceOf(PlatformException.Conflict.class).hasMessageContaining("paas apps:transfer");
        assertThatThrownBy(() -> collaborators.remove(alice, "shared", "nobody@paas.test"))
                .isInstanceOf(PlatformException.NotFound.class).hasMessageContaining("paas access -a shared");
        assertThat(told).isEmpty();

        collaborators.remove(bob, "shared", "bob@paas.test");
        assertThat(told).containsExactly("removed " + bob.id() + " from shared");
        assertThatThrownBy(() -> services.apps().get(bob, "shared")).isInstanceOf(PlatformException.Forbidden.class);
        collaborators.remove(alice, "shared", "carol@paas.test");
        assertThat(access(admin, "shared")).containsExactly("alice@paas.test owner");
        assertThat(appsOf(carol)).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void aCollaboratorWorksOnTheAppButDoesNotDestroyRenameOrTransferIt(TestDatabases.Kind kind) throws Exception {
        open(kind);
        services.apps().create(alice, Optional.of("shared"));
        collaborators.add(alice, "shared", "bob@paas.test");

        services.config().patch(bob, "shared", new paas.api.domain.ConfigPatch(java.util.Map.of(
                new paas.api.domain.ConfigKey("GREETING"), "hi"), java.util.Set.of()));
        assertThat(services.config().get(alice, "shared").values()).containsEntry("GREETING", "hi");
        assertThat(services.apps().update(bob, "shared", Optional.empty(), Optional.of(true), Optional.empty())
                .maintenance()).isTrue();
        services.domains().add(bob, "shared", "www.shared.example");

        assertThatThrownBy(() -> services.apps().destroy(bob, "shared")).isInstanceOf(PlatformException.Forbidden.class)
                .hasMessageContaining("may destroy it");
        assertThatThrownBy(() -> services.apps().update(bob, "shared", Optional.of("mine"), Optional.empty(),
                Optional.empty())).isInstanceOf(PlatformException.Forbidden.class).hasMessageContaining("may rename it");
        assertThatThrownBy(() -> services.transfers().transfer(bob, "shared", "bob@paas.test"))
                .isInstanceOf(PlatformException.Forbidden.class).hasMessageContaining("may transfer it");
        assertThat(services.apps().get(alice, "shared").owner().id()).isEqualTo(alice.id());
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void theOwnerTransfersToACollaboratorAndStaysOnAsOne(TestDatabases.Kind kind) throws Exception {
        open(kind);
        services.apps().create(alice, Optional.of("shared"));
        assertThatThrownBy(() -> services.transfers().transfer(alice, "shared", "bob@paas.test"))
                .isInstanceOf(PlatformException.Conflict.class)
                .hasMessageContaining("paas access:add bob@paas.test -a shared");
        assertThatThrownBy(() -> services.transfers().transfer(alice, "shared", "alice@paas.test"))
                .isInstanceOf(PlatformException.Conflict.class).hasMessageContaining("owns app shared already");
        assertThatThrownBy(() -> services.transfers().transfer(alice, "shared", "nobody@paas.test"))
                .isInstanceOf(PlatformException.NotFound.class).hasMessageContaining("paas users:create");
        collaborators.add(alice, "shared", "bob@paas.test");

        AppTransfer done = services.transfers().transfer(alice, "shared", "bob@paas.test");
        assertThat(done.from().id()).isEqualTo(alice.id());
        assertThat(done.to().id()).isEqualTo(bob.id());
        assertThat(services.apps().get(bob, "shared").owner().id()).isEqualTo(bob.id());
        assertThat(access(bob, "shared")).containsExactly("bob@paas.test owner", "alice@paas.test collaborator");
        assertThatThrownBy(() -> services.apps().destroy(alice, "shared")).isInstanceOf(PlatformException.Forbidden.class);
        assertThat(appsOf(alice)).containsExactly("shared");
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void anAdminTransfersToAnyEnabledUserWithinTheirQuota(TestDatabases.Kind kind) throws Exception {
        open(kind, new Quotas(1, 100, 100, 1000));
        services.apps().create(alice, Optional.of("alices"));
        services.apps().create(carol, Optional.of("carols"));
        assertThatThrownBy(() -> services.transfers().transfer(admin, "alices", "carol@paas.test"))
                .isInstanceOf(PlatformException.Conflict.class).hasMessageContaining("PAAS_MAX_APPS_PER_USER");
        services.accounts().setDisabled(admin, "carol@paas.test", true);
        assertThatThrownBy(() -> services.transfers().transfer(admin, "alices", "carol@paas.test"))
                .isInstanceOf(PlatformException.Conflict.class).hasMessageContaining("disabled");

        services.transfers().transfer(admin, "alices", "bob@paas.test");
        assertThat(services.apps().get(bob, "alices").owner().id()).isEqualTo(bob.id());
        assertThat(access(bob, "alices")).containsExactly("bob@paas.test owner", "alice@paas.test collaborator");
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void aCreateAndATransferToTheSameUserAtOnceKeepThemWithinTheirQuota(TestDatabases.Kind kind) throws Exception {
        open(kind, new Quotas(2, 100, 100, 1000));
        services.apps().create(bob, Optional.of("bobs"));
        var pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            for (int i = 0; i < 10; i++) {
                services.apps().create(alice, Optional.of("given" + i));
                var start = new java.util.concurrent.CyclicBarrier(2);
                String made = "made" + i;
                String given = "given" + i;
                var create = pool.submit(() -> {
                    start.await();
                    return services.apps().create(bob, Optional.of(made));
                });
                var transfer = pool.submit(() -> {
                    start.await();
                    return services.transfers().transfer(admin, given, "bob@paas.test");
                });
                int succeeded = 0;
                for (var done : List.of(create, transfer)) {
                    try {
                        done.get();
                        succeeded++;
                    } catch (java.util.concurrent.ExecutionException e) {
                        assertThat(e.getCause()).isInstanceOf(PlatformException.class)
                                .hasMessageContaining("PAAS_MAX_APPS_PER_USER");
                    }
                }
                assertThat(succeeded).as("one app fits bob's quota of 2, not two").isEqualTo(1);
                assertThat(appsOf(bob).stream().filter(a -> services.apps().get(bob, a).owner().id().equals(bob.id())))
                        .hasSize(2);
                for (String app : List.of(made, given)) {
                    if (appsOf(bob).contains(app) && services.apps().get(bob, app).owner().id().equals(bob.id())) {
                        services.apps().destroy(bob, app);
                    }
                }
                if (appsOf(alice).contains(given)) {
                    services.apps().destroy(alice, given);
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void twoUsersTransferringAnAppToEachOtherAtOnceBothSucceed(TestDatabases.Kind kind) throws Exception {
        open(kind);
        services.apps().create(alice, Optional.of("alices"));
        services.apps().create(bob, Optional.of("bobs"));
        collaborators.add(alice, "alices", "bob@paas.test");
        collaborators.add(bob, "bobs", "alice@paas.test");
        var pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            for (int i = 0; i < 10; i++) {
                User one = i % 2 == 0 ? alice : bob;
                User other = i % 2 == 0 ? bob : alice;
                var start = new java.util.concurrent.CyclicBarrier(2);
                var first = pool.submit(() -> {
                    start.await();
                    return services.transfers().transfer(one, "alices", other.email());
                });
                var second = pool.submit(() -> {
                    start.await();
                    return services.transfers().transfer(other, "bobs", one.email());
                });
                // Each waits for the other's user row at most; neither is a deadlock's victim.
                assertThat(first.get().to().id()).isEqualTo(other.id());
                assertThat(second.get().to().id()).isEqualTo(one.id());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void destroyingTheAppOrTheUserRemovesTheirCollaboratorRowsAndDisablingKeepsThem(TestDatabases.Kind kind)
            throws Exception {
        open(kind);
        services.apps().create(alice, Optional.of("shared"));
        services.apps().create(alice, Optional.of("other"));
        collaborators.add(alice, "shared", "bob@paas.test");
        collaborators.add(alice, "other", "bob@paas.test");
        collaborators.add(alice, "other", "carol@paas.test");

        services.accounts().setDisabled(admin, "carol@paas.test", true);
        assertThat(access(alice, "other")).as("disabling is undone by enabling: nothing else changes")
                .contains("carol@paas.test collaborator");
        services.accounts().setDisabled(admin, "carol@paas.test", false);
        assertThat(appsOf(carol)).containsExactly("other");

        services.apps().destroy(alice, "shared");
        assertThat(appsOf(bob)).containsExactly("other");
        assertThat(rows("SELECT COUNT(*) FROM app_collaborators")).isEqualTo(2);

        services.accounts().destroyUser(admin, "bob@paas.test");
        assertThat(access(alice, "other")).containsExactly("alice@paas.test owner", "carol@paas.test collaborator");
        services.apps().destroy(admin, "other");
        assertThat(rows("SELECT COUNT(*) FROM app_collaborators")).isZero();
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void aCollaboratorSeesTheAppsAddonsAndAttachmentsAmongTheirs(TestDatabases.Kind kind) throws Exception {
        open(kind);
        var shared = services.apps().create(alice, Optional.of("shared"));
        var other = services.apps().create(carol, Optional.of("carols"));
        var store = new paas.api.store.AddonStore(db.secrets());
        java.time.Instant now = java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MICROS);
        db.inTransaction(c -> {
            for (var app : List.of(shared, other)) {
                var addon = new paas.api.domain.Addon(UUID.randomUUID(),
                        new paas.api.domain.AddonName("db-of-" + app.name().value()),
                        paas.api.domain.AddonPlanRef.parse("postgresql"),
                        Optional.of(new paas.api.domain.AppRef(app.id(), app.name())),
                        paas.api.domain.Addon.State.PROVISIONED, now, now);
                store.insert(c, addon, "pw", Optional.empty());
                store.attach(c, UUID.randomUUID(), addon.id(), app.id(), new paas.api.domain.AttachmentName("DATABASE"), now);
            }
            return null;
        });
        java.util.function.Supplier<List<String>> bobsAddons = () -> db.inTransaction(c ->
                store.visibleTo(c, bob.id()).stream().map(a -> a.name().value()).toList());
        java.util.function.Supplier<List<String>> bobsAttachments = () -> db.inTransaction(c ->
                store.attachmentsVisibleTo(c, bob.id()).stream().map(a -> a.app().name().value()).toList());
        assertThat(bobsAddons.get()).isEmpty();
        assertThat(bobsAttachments.get()).isEmpty();

        collaborators.add(alice, "shared", "bob@paas.test");
        assertThat(bobsAddons.get()).containsExactly("db-of-shared");
        assertThat(bobsAttachments.get()).containsExactly("shared");
        List<paas.api.domain.Addon> alices = db.inTransaction(c -> store.visibleTo(c, alice.id()));
        assertThat(alices).hasSize(1);
    }

    private int rows(String sql) {
        return db.inTransaction(c -> {
            try (var s = c.createStatement(); var rs = s.executeQuery(sql)) {
                rs.next();
                return rs.getInt(1);
            }
        });
    }
}
