package paas.api.addons;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import paas.api.TestDatabases;
import paas.api.domain.Addon;
import paas.api.domain.AddonName;
import paas.api.domain.AddonPlanRef;
import paas.api.domain.App;
import paas.api.domain.AppRef;
import paas.api.domain.DynoSizes;
import paas.api.domain.PlatformException;
import paas.api.domain.Quotas;
import paas.api.domain.User;
import paas.api.service.AppGuard;
import paas.api.service.Services;
import paas.api.store.AddonStore;
import paas.api.store.AppStore;
import paas.api.store.Database;
import paas.api.store.TestSecrets;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Who may attach an app's add-on where: any member to the app that owns it, only that app's owner
 * (or an admin) to another app, since an attachment elsewhere would keep the data in reach of a
 * collaborator after {@code access:remove}.
 */
class AddonAttachRulesTest {
    private static final String TOKEN = "paas_addon_attach_rules_token_0001";
    private final TestDatabases databases = new TestDatabases();
    private Database db;

    @AfterEach
    void close() {
        if (db != null) {
            db.close();
        }
        databases.close();
    }

    @Test
    void aCollaboratorAttachesTheAppsAddonOnlyToThatAppAndTheOwnerAnywhere() throws Exception {
        db = Database.open(databases.newDatabase(TestDatabases.Kind.H2), TestSecrets.box());
        Services services = Services.wire(db, "paas.test", DynoSizes.standard(), Quotas.defaults());
        services.accounts().bootstrapAdmin("admin@paas.test", Optional.of(TOKEN));
        User admin = services.accounts().authenticate(TOKEN).orElseThrow();
        User alice = services.accounts().createUser(admin, "alice@paas.test").user();
        User bob = services.accounts().createUser(admin, "bob@paas.test").user();
        App shared = services.apps().create(alice, Optional.of("shared"));
        App bobs = services.apps().create(bob, Optional.of("bobs"));
        services.collaborators().add(alice, "shared", "bob@paas.test");
        AddonStore addons = new AddonStore(db.secrets());
        AppStore apps = new AppStore();
        AddonGuard guard = new AddonGuard(addons, apps, new AppGuard(apps));
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        Addon db1 = new Addon(UUID.randomUUID(), new AddonName("db-of-shared"), AddonPlanRef.parse("postgresql"),
                Optional.of(new AppRef(shared.id(), shared.name())), Addon.State.PROVISIONED, now, now);
        this.db.inTransaction(c -> {
            addons.insert(c, db1, "pw", Optional.empty());
            return null;
        });

        assertThat(attachable(guard, bob, db1, shared)).as("to its own app").isEqualTo(db1);
        assertThatThrownBy(() -> attachable(guard, bob, db1, bobs))
                .isInstanceOf(PlatformException.Forbidden.class)
                .hasMessageContaining("only the owner of app shared (alice@paas.test) or an admin may attach");
        assertThat(attachable(guard, alice, db1, bobs)).as("the owner").isEqualTo(db1);
        assertThat(attachable(guard, admin, db1, bobs)).as("an admin").isEqualTo(db1);
    }

    private Addon attachable(AddonGuard guard, User caller, Addon addon, App target) {
        return db.inTransaction(c -> guard.requireAttachable(c, caller, addon, target));
    }
}
