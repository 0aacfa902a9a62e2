package paas.api.addons;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import paas.api.TestDatabases;
import paas.api.domain.DynoSizes;
import paas.api.domain.Quotas;
import paas.api.domain.User;
import paas.api.service.AppListener;
import paas.api.service.Services;
import paas.api.store.AddonStore;
import paas.api.store.Database;
import paas.api.store.DatabaseUrl;
import paas.api.store.PlatformKey;
import paas.api.store.SecretBox;
import paas.api.store.SecretSweep;

import java.security.SecureRandom;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** An add-on's password is sealed at rest, and `paasd rotate-key` (SecretSweep) re-seals it. */
class AddonPasswordRotationTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private final TestDatabases databases = new TestDatabases();

    @AfterEach
    void close() {
        databases.close();
    }

    @Test
    void thePasswordIsSealedAndARotationResealsIt() throws Exception {
        DatabaseUrl url = databases.newDatabase(TestDatabases.Kind.H2);
        PlatformKey oldKey = PlatformKey.generate(RANDOM);
        PlatformKey newKey = PlatformKey.generate(RANDOM);
        UUID id;
        String databaseUrl;
        try (Database db = Database.open(url, new SecretBox(oldKey, List.of()))) {
            Services services = Services.wire(db, "paas.test", DynoSizes.standard(), Quotas.defaults());
            services.accounts().bootstrapAdmin("admin@paas.test", Optional.of("admin-token-for-tests-0001"));
            User admin = services.accounts().authenticate("admin-token-for-tests-0001").orElseThrow();
            services.apps().create(admin, Optional.of("shop"));
            AddonService addons = new AddonService(db, Optional.of(AddonProviders.standard(new MemoryAddonRuntime())),
                    AddonLog.NONE, AppListener.NONE, Clock.systemUTC(), Duration.ofSeconds(5));
            id = addons.create(admin, "shop", "postgresql", Optional.empty(), Optional.empty()).addon().id();
            databaseUrl = services.config().get(admin, "shop").values().get("DATABASE_URL");
            String password = databaseUrl.substring(databaseUrl.indexOf(':', 11) + 1, databaseUrl.indexOf('@'));
            db.inTransaction(c -> {
                try (PreparedStatement ps = c.prepareStatement("SELECT password, password_sealed FROM addons");
                     ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    assertThat(rs.getString(1)).isNull();
                    assertThat(new String(rs.getBytes(2), java.nio.charset.StandardCharsets.ISO_8859_1))
                            .doesNotContain(password);
                }
                return null;
            });
        }
        try (Database db = Database.open(url, new SecretBox(newKey, List.of(oldKey)))) {
            SecretSweep.Rotated rotated = new SecretSweep(db).reseal();
            assertThat(rotated.retired()).containsExactly(oldKey.id());
        }
        try (Database db = Database.open(url, new SecretBox(newKey, List.of()))) {
            String password = db.inTransaction(c -> new AddonStore(db.secrets()).password(c, id));
            assertThat(databaseUrl).contains(":" + password + "@");
        }
    }
}
