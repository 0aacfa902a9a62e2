package paas.api.store;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import paas.api.TestDatabases;
import paas.api.domain.ConfigPatch;
import paas.api.domain.DynoSizes;
import paas.api.domain.LogDrain;
import paas.api.domain.User;
import paas.api.service.Services;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Config values (current and each release's copy) and drain URLs are sealed in the store: neither
 * the tables nor the embedded store's file (after a clean close, or as a kill leaves it) hold
 * them in the clear, a value copied to another row does not open, a store opened with another key
 * is refused, plaintext from an earlier version is sealed at the next open, and a rotation
 * re-seals everything and retires the old key. On H2 and PostgreSQL.
 */
class SecretsAtRestTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String ADMIN_TOKEN = "admin-token-for-tests-0001";
    /** Values no other text in the store could contain by chance. */
    private static final String DB_PASSWORD = "pw-" + UUID.randomUUID();
    private static final String API_KEY = "key-" + UUID.randomUUID();
    private static final String DRAIN_PASSWORD = "drainpw" + UUID.randomUUID().toString().replace("-", "");
    private static final String DRAIN_URL = "https://logs:" + DRAIN_PASSWORD + "@127.0.0.1/drains/t0k3n";

    private final TestDatabases databases = new TestDatabases();
    private final List<Database> opened = new ArrayList<>();

    static List<TestDatabases.Kind> kinds() {
        return TestDatabases.kinds().toList();
    }

    @AfterEach
    void close() {
        opened.forEach(Database::close);
        databases.close();
    }

    private Database open(DatabaseUrl url, SecretBox box) {
        Database db = Database.open(url, box);
        opened.add(db);
        return db;
    }

    private static SecretBox box(PlatformKey sealing, PlatformKey... alsoOpening) {
        return new SecretBox(sealing, List.of(alsoOpening));
    }

    private static Services services(Database db) {
        Services services = Services.wire(db, "paas.test", DynoSizes.standard(), paas.api.domain.Quotas.defaults().withDynosPerType(10));
        services.accounts().bootstrapAdmin("admin@paas.test", Optional.of(ADMIN_TOKEN));
        return services;
    }

    private static User admin(Services services) {
        return services.accounts().authenticate(ADMIN_TOKEN).orElseThrow();
    }

    /** An app with two config values in two releases, a changed one in a third, and a drain with a password. */
    private static void writeSecrets(Services services, String app) {
        User admin = admin(services);
        services.apps().create(admin, Optional.of(app));
        services.config().patch(admin, app, ConfigPatch.of(Map.of("DATABASE_PASSWORD", DB_PASSWORD)));
        services.config().patch(admin, app, ConfigPatch.of(Map.of("API_KEY", API_KEY)));
        services.drains().add(admin, app, DRAIN_URL);
    }

    private void writeSecretsAndClose(DatabaseUrl url, SecretBox box, String app) {
        Database db = open(url, box);
        writeSecrets(services(db), app);
        db.close();
        opened.remove(db);
    }

    private static void assertSecretsRead(Services services, String app) {
        User admin = admin(services);
        assertThat(services.config().get(admin, app).values())
                .containsExactlyInAnyOrderEntriesOf(Map.of("DATABASE_PASSWORD", DB_PASSWORD, "API_KEY", API_KEY));
        assertThat(services.releases().configOf(admin, app, "v2").values()).containsOnly(Map.entry("DATABASE_PASSWORD", DB_PASSWORD));
        assertThat(services.drains().list(admin, app)).extracting(LogDrain::url).containsExactly(DRAIN_URL);
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void noConfigValueOrDrainCredentialIsInTheStore(TestDatabases.Kind kind) throws Exception {
        DatabaseUrl url = databases.newDatabase(kind);
        Database db = open(url, TestSecrets.box());
        Services services = services(db);
        writeSecrets(services, "vault");
        assertSecretsRead(services, "vault");
        assertThat(everyCell(db)).noneMatch(cell -> containsASecret(cell));

        if (kind == TestDatabases.Kind.H2) {
            Path file = EmbeddedStoreRecovery.fileOf(url.jdbcUrl()).orElseThrow();
            // What a kill -9 leaves on disk: H2 writes each commit's chunk to the file at once.
            assertThat(containsASecret(Files.readString(file, StandardCharsets.ISO_8859_1)))
                    .as("the file as a kill leaves it").isFalse();
            db.close();
            opened.remove(db);
            assertThat(containsASecret(Files.readString(file, StandardCharsets.ISO_8859_1)))
                    .as("the file after a clean close").isFalse();
        }
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void aSealedValueMovedToAnotherRowDoesNotOpen(TestDatabases.Kind kind) throws Exception {
        Database db = open(databases.newDatabase(kind), TestSecrets.box());
        Services services = services(db);
        writeSecrets(services, "alpha");
        User admin = admin(services);
        services.apps().create(admin, Optional.of("beta"));
        services.config().patch(admin, "beta", ConfigPatch.of(Map.of("DATABASE_PASSWORD", "beta's own")));
        services.drains().add(admin, "beta", "https://127.0.0.1/beta");

        // beta's row gets alpha's sealed value, as someone with write access to the store would try.
        execute(db, """
                UPDATE config_vars SET var_sealed = (SELECT c.var_sealed FROM config_vars c JOIN apps a ON a.id = c.app_id
                                                      WHERE a.name = 'alpha' AND c.var_name = 'DATABASE_PASSWORD')
                 WHERE var_name = 'DATABASE_PASSWORD' AND app_id = (SELECT id FROM apps WHERE name = 'beta')""");
        assertThatThrownBy(() -> services.config().get(admin, "beta"))
                .isInstanceOf(SecretBox.Unopenable.class).hasMessageContaining("config_vars")
                .hasMessageContaining("DATABASE_PASSWORD").hasMessageNotContaining(DB_PASSWORD);
        // alpha's release v3 holds both values; v2's copy of the password goes into it.
        execute(db, """
                UPDATE release_config_vars SET var_sealed = (SELECT c.var_sealed FROM release_config_vars c
                        JOIN releases r ON r.id = c.release_id JOIN apps a ON a.id = r.app_id
                        WHERE a.name = 'alpha' AND r.version = 2 AND c.var_name = 'DATABASE_PASSWORD')
                 WHERE var_name = 'DATABASE_PASSWORD' AND release_id = (SELECT r.id FROM releases r
                        JOIN apps a ON a.id = r.app_id WHERE a.name = 'alpha' AND r.version = 3)""");
        assertThat(services.releases().configOf(admin, "alpha", "v2").values()).containsEntry("DATABASE_PASSWORD", DB_PASSWORD);
        assertThatThrownBy(() -> services.releases().configOf(admin, "alpha", "v3"))
                .isInstanceOf(SecretBox.Unopenable.class).hasMessageContaining("release_config_vars");
        execute(db, """
                UPDATE log_drains SET url_sealed = (SELECT d.url_sealed FROM log_drains d JOIN apps a ON a.id = d.app_id
                                                     WHERE a.name = 'alpha')
                 WHERE app_id = (SELECT id FROM apps WHERE name = 'beta')""");
        assertThatThrownBy(() -> services.drains().list(admin, "beta")).isInstanceOf(SecretBox.Unopenable.class);
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void aStoreIsRefusedWithAKeyThatDidNotSealIt(TestDatabases.Kind kind) throws Exception {
        DatabaseUrl url = databases.newDatabase(kind);
        PlatformKey key = PlatformKey.generate(RANDOM);
        writeSecretsAndClose(url, box(key), "vault");

        PlatformKey wrong = PlatformKey.generate(RANDOM);
        assertThatThrownBy(() -> open(url, box(wrong)))
                .isInstanceOfSatisfying(UnknownKeyException.class, e -> assertThat(e.missing()).containsExactly(key.id()));
        assertSecretsRead(services(open(url, box(key))), "vault");
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void aRotationResealsEveryValueAndRetiresTheOldKeyOnlyAtTheEnd(TestDatabases.Kind kind) throws Exception {
        DatabaseUrl url = databases.newDatabase(kind);
        PlatformKey oldKey = PlatformKey.generate(RANDOM);
        PlatformKey newKey = PlatformKey.generate(RANDOM);
        writeSecretsAndClose(url, box(oldKey), "first");
        // Where a rotation killed half-way leaves the store: values under both keys, both recorded.
        writeSecretsAndClose(url, box(newKey, oldKey), "second");
        assertThatThrownBy(() -> open(url, box(newKey))).isInstanceOf(UnknownKeyException.class);
        assertThatThrownBy(() -> open(url, box(oldKey))).isInstanceOf(UnknownKeyException.class);

        Database db = open(url, box(newKey, oldKey));
        assertThat(sealedWith(db)).containsOnly(oldKey.id(), newKey.id());
        SecretSweep.Rotated rotated = new SecretSweep(db).reseal();
        // first's current values (2), its releases' copies (v2: 1, v3: 2) and its drain
        assertThat(rotated.resealed()).isEqualTo(6);
        assertThat(rotated.retired()).containsExactly(oldKey.id());
        assertThat(sealedWith(db)).containsOnly(newKey.id());
        assertThat(new SecretSweep(db).reseal()).isEqualTo(new SecretSweep.Rotated(0, java.util.Set.of()));
        db.close();
        opened.remove(db);

        db = open(url, box(newKey));
        Services services = services(db);
        assertSecretsRead(services, "first");
        assertSecretsRead(services, "second");
        db.close();
        opened.remove(db);
        assertThatThrownBy(() -> open(url, box(oldKey))).isInstanceOf(UnknownKeyException.class);
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void plaintextOfAnEarlierVersionIsSealedAtTheNextOpen(TestDatabases.Kind kind) throws Exception {
        DatabaseUrl url = databases.newDatabase(kind);
        Flyway.configure().dataSource(url.jdbcUrl(), url.user(), url.password()).target("4").load().migrate();
        UUID app = UUID.randomUUID();
        UUID release = UUID.randomUUID();
        try (Connection c = DriverManager.getConnection(url.jdbcUrl(), url.user(), url.password())) {
            UUID user = UUID.randomUUID();
            insert(c, "INSERT INTO users VALUES (?, 'admin@paas.test', TRUE, CURRENT_TIMESTAMP)", user);
            insert(c, "INSERT INTO apps VALUES (?, 'legacy', ?, 'heroku-24', FALSE, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)",
                    app, user);
            insert(c, "INSERT INTO config_vars VALUES (?, 'DATABASE_PASSWORD', ?)", app, DB_PASSWORD);
            insert(c, "INSERT INTO releases VALUES (?, ?, 1, 'Set config', 'SUCCEEDED', NULL, ?, CURRENT_TIMESTAMP,"
                    + " CURRENT_TIMESTAMP)", release, app, user);
            insert(c, "INSERT INTO release_config_vars VALUES (?, 'DATABASE_PASSWORD', ?)", release, DB_PASSWORD);
            insert(c, "INSERT INTO log_drains VALUES (?, ?, ?, 'd.1', CURRENT_TIMESTAMP)", UUID.randomUUID(), app,
                    DRAIN_URL);
        }
        PlatformKey key = PlatformKey.generate(RANDOM);
        Database db = open(url, box(key));
        assertThat(everyCell(db)).noneMatch(SecretsAtRestTest::containsASecret);
        assertThat(sealedWith(db)).containsOnly(key.id());
        Services services = services(db);
        User admin = admin(services);
        assertThat(services.config().get(admin, "legacy").values()).containsExactly(Map.entry("DATABASE_PASSWORD", DB_PASSWORD));
        assertThat(services.releases().configOf(admin, "legacy", "v1").values()).containsEntry("DATABASE_PASSWORD", DB_PASSWORD);
        assertThat(services.drains().list(admin, "legacy")).extracting(LogDrain::url).containsExactly(DRAIN_URL);
        db.close();
        opened.remove(db);
        if (kind == TestDatabases.Kind.H2) {
            Path file = EmbeddedStoreRecovery.fileOf(url.jdbcUrl()).orElseThrow();
            assertThat(containsASecret(Files.readString(file, StandardCharsets.ISO_8859_1)))
                    .as("the file after the values were sealed and a clean close").isFalse();
        }
        // Again: nothing left to seal, every value still there.
        services = services(open(url, box(key)));
        assertThat(services.config().get(admin(services), "legacy").values()).containsEntry("DATABASE_PASSWORD", DB_PASSWORD);
    }

    private static void insert(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            ps.executeUpdate();
        }
    }

    private static void execute(Database db, String sql) {
        db.inTransaction(c -> {
            try (Statement s = c.createStatement()) {
                assertThat(s.executeUpdate(sql)).isEqualTo(1);
            }
            return null;
        });
    }

    private static boolean containsASecret(String text) {
        return text.contains(DB_PASSWORD) || text.contains(API_KEY) || text.contains(DRAIN_PASSWORD);
    }

    /** The ids of the keys that sealed the store's values. */
    private static java.util.Set<String> sealedWith(Database db) {
        return db.inTransaction(c -> {
            java.util.Set<String> ids = new java.util.TreeSet<>();
            for (SecretColumn column : SecretColumn.values()) {
                try (ResultSet rs = c.createStatement().executeQuery("SELECT " + column.plainColumn + ", "
                        + column.sealedColumn + " FROM " + column.table)) {
                    while (rs.next()) {
                        assertThat(rs.getString(1)).as("plaintext left in %s", column.table).isNull();
                        ids.add(SecretBox.keyIdOf(rs.getBytes(2)));
                    }
                }
            }
            return ids;
        });
    }

    /** Every value of every column of every table, as text (binary ones byte for byte). */
    private static List<String> everyCell(Database db) {
        return db.inTransaction(c -> {
            List<String> tables = new ArrayList<>();
            DatabaseMetaData meta = c.getMetaData();
            String schema = c.getSchema();
            try (ResultSet rs = meta.getTables(null, schema, "%", new String[] {"TABLE"})) {
                while (rs.next()) {
                    tables.add(rs.getString("TABLE_NAME"));
                }
            }
            assertThat(tables).as("tables of schema %s", schema).hasSizeGreaterThan(10);
            List<String> cells = new ArrayList<>();
            for (String table : tables) {
                try (ResultSet rs = c.createStatement().executeQuery("SELECT * FROM \"" + table + "\"")) {
                    int columns = rs.getMetaData().getColumnCount();
                    while (rs.next()) {
                        for (int i = 1; i <= columns; i++) {
                            Object value = rs.getObject(i);
                            cells.add(value instanceof byte[] bytes ? new String(bytes, StandardCharsets.ISO_8859_1)
                                    : String.valueOf(value));
                        }
                    }
                }
            }
            return cells;
        });
    }
}
