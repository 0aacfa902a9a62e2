package paas.api.service;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import paas.api.TestDatabases;
import paas.api.domain.DynoSizes;
import paas.api.domain.IssuedToken;
import paas.api.domain.PlatformException;
import paas.api.domain.Quotas;
import paas.api.domain.User;
import paas.api.domain.UserAccount;
import paas.api.store.Database;
import paas.logs.DrainPolicy;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** An admin's controls over users and tokens, on a real H2 file and a real PostgreSQL database. */
class AccountsOnBothStoresTest {
    private static final String ADMIN_TOKEN = "admin-token-for-tests-0007";

    /** What the account service told its listener, in order. */
    private final List<String> told = new CopyOnWriteArrayList<>();
    private final TestDatabases databases = new TestDatabases();
    private Database db;
    private Services services;
    private AccountService accounts;
    private User admin;

    private void open(TestDatabases.Kind kind) throws Exception {
        db = Database.open(databases.newDatabase(kind), paas.api.store.TestSecrets.box());
        services = Services.wire(db, "paas.test", DynoSizes.standard(), Quotas.defaults(), AppListener.NONE,
                DrainPolicy.allowingLoopback(), new AccessListener() {
                    @Override
                    public void tokenRevoked(UUID tokenId) {
                        told.add("token " + tokenId);
                    }

                    @Override
                    public void userCutOff(UUID userId) {
                        told.add("user " + userId);
                    }
                });
        accounts = services.accounts();
        accounts.bootstrapAdmin("admin@paas.test", Optional.of(ADMIN_TOKEN));
        admin = accounts.authenticate(ADMIN_TOKEN).orElseThrow();
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
    void aDisabledUsersTokensStopAndComeBackWhenEnabled(TestDatabases.Kind kind) throws Exception {
        open(kind);
        IssuedToken alice = accounts.createUser(admin, "alice@paas.test");
        IssuedToken laptop = accounts.createToken(alice.user(), "laptop");

        UserAccount disabled = accounts.setDisabled(admin, "alice@paas.test", true);
        assertThat(disabled.disabled()).isTrue();
        assertThat(accounts.authenticate(alice.secret())).isEmpty();
        assertThat(accounts.authenticate(laptop.secret())).isEmpty();
        assertThat(accounts.isLive(laptop.token().id())).isFalse();
        assertThat(accounts.listUsers(admin)).extracting(a -> a.user().email() + "=" + a.disabled())
                .containsExactly("admin@paas.test=false", "alice@paas.test=true");
        assertThat(told).containsExactly("user " + alice.user().id());

        accounts.setDisabled(admin, "alice@paas.test", true);
        assertThat(told).as("disabling again changes nothing and tells nobody").hasSize(1);

        assertThat(accounts.setDisabled(admin, "alice@paas.test", false).disabled()).isFalse();
        assertThat(accounts.authenticate(alice.secret())).isPresent();
        assertThat(accounts.identify(laptop.secret()).orElseThrow().tokenId()).isEqualTo(laptop.token().id());
        assertThat(told).hasSize(1);
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void nobodyDisablesOrDestroysThemselvesAndOnlyAdminsManageUsers(TestDatabases.Kind kind) throws Exception {
        open(kind);
        IssuedToken alice = accounts.createUser(admin, "alice@paas.test");
        assertThatThrownBy(() -> accounts.setDisabled(admin, "admin@paas.test", true))
                .isInstanceOf(PlatformException.Forbidden.class).hasMessageContaining("yourself");
        assertThatThrownBy(() -> accounts.destroyUser(admin, "admin@paas.test"))
                .isInstanceOf(PlatformException.Forbidden.class).hasMessageContaining("yourself");
        assertThatThrownBy(() -> accounts.setDisabled(alice.user(), "admin@paas.test", true))
                .isInstanceOf(PlatformException.Forbidden.class).hasMessageContaining("only an admin");
        assertThatThrownBy(() -> accounts.destroyUser(alice.user(), "admin@paas.test"))
                .isInstanceOf(PlatformException.Forbidden.class);
        assertThatThrownBy(() -> accounts.tokensOf(alice.user(), "admin@paas.test"))
                .isInstanceOf(PlatformException.Forbidden.class);
        assertThat(accounts.tokensOf(alice.user(), "alice@paas.test")).hasSize(1);
        assertThat(accounts.tokensOf(alice.user(), alice.user().id().toString())).as("named by id").hasSize(1);
        assertThatThrownBy(() -> accounts.setDisabled(admin, "nobody@paas.test", true))
                .isInstanceOf(PlatformException.NotFound.class).hasMessageContaining("`paas users`");
        assertThat(accounts.authenticate(ADMIN_TOKEN)).isPresent();
        assertThat(told).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void aUserWhoOwnsAppsIsNotDestroyedUntilTheAppsAre(TestDatabases.Kind kind) throws Exception {
        open(kind);
        IssuedToken alice = accounts.createUser(admin, "alice@paas.test");
        services.apps().create(alice.user(), Optional.of("alices-one"));
        services.apps().create(alice.user(), Optional.of("alices-two"));

        assertThatThrownBy(() -> accounts.destroyUser(admin, "alice@paas.test"))
                .isInstanceOf(PlatformException.Conflict.class)
                .hasMessageContaining("still owns 2 apps").hasMessageContaining("paas apps:destroy");
        assertThat(accounts.authenticate(alice.secret())).as("a refusal changes nothing").isPresent();

        services.apps().destroy(admin, "alices-one");
        services.apps().destroy(admin, "alices-two");
        UserAccount destroyed = accounts.destroyUser(admin, "alice@paas.test");
        assertThat(destroyed.user().email()).isEqualTo("alice@paas.test");
        assertThat(accounts.authenticate(alice.secret())).isEmpty();
        assertThat(accounts.listUsers(admin)).extracting(a -> a.user().email()).containsExactly("admin@paas.test");
        assertThat(told).containsExactly("user " + alice.user().id());
        assertThatThrownBy(() -> accounts.destroyUser(admin, "alice@paas.test"))
                .isInstanceOf(PlatformException.NotFound.class);
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void anAdminRevokesAnyTokenAndOthersSeeNoneButTheirOwn(TestDatabases.Kind kind) throws Exception {
        open(kind);
        IssuedToken alice = accounts.createUser(admin, "alice@paas.test");
        IssuedToken bob = accounts.createUser(admin, "bob@paas.test");
        String bobsId = bob.token().id().toString();

        PlatformException unknown = catchNotFound(() -> accounts.revokeToken(alice.user(), UUID.randomUUID().toString()));
        PlatformException others = catchNotFound(() -> accounts.revokeToken(alice.user(), bobsId));
        assertThat(others.getMessage()).as("no oracle: another's token reads as an unknown one")
                .isEqualTo(unknown.getMessage().replaceAll("token \\S+ ", "token " + bobsId + " "));
        assertThat(accounts.authenticate(bob.secret())).isPresent();

        assertThat(accounts.tokensOf(admin, "bob@paas.test")).extracting(t -> t.id().toString()).containsExactly(bobsId);
        assertThat(accounts.revokeToken(admin, bobsId).id()).isEqualTo(bob.token().id());
        assertThat(accounts.authenticate(bob.secret())).isEmpty();
        assertThat(accounts.tokensOf(admin, "bob@paas.test")).isEmpty();
        assertThat(told).containsExactly("token " + bobsId);
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void theLastEnabledAdminStays(TestDatabases.Kind kind) throws Exception {
        open(kind);
        // A second admin, as an operator makes one today: in the store. Disabling each other in turn
        // must leave one of them enabled.
        User second = new User(UUID.randomUUID(), "second@paas.test", true, java.time.Instant.now());
        db.inTransaction(c -> {
            new paas.api.store.UserStore().insert(c, second);
            return null;
        });
        accounts.setDisabled(admin, "second@paas.test", true);
        accounts.setDisabled(admin, "second@paas.test", false);
        accounts.setDisabled(second, "admin@paas.test", true);
        assertThatThrownBy(() -> accounts.setDisabled(admin, "second@paas.test", true))
                .as("a caller disabled meanwhile cannot take the last enabled admin with them")
                .isInstanceOf(PlatformException.Forbidden.class).hasMessageContaining("last enabled admin");
        assertThat(accounts.listUsers(second)).extracting(a -> a.user().email() + "=" + a.disabled())
                .containsExactly("admin@paas.test=true", "second@paas.test=false");
    }

    private static PlatformException catchNotFound(Runnable call) {
        try {
            call.run();
        } catch (PlatformException.NotFound e) {
            return e;
        }
        throw new AssertionError("expected a 404");
    }
}
