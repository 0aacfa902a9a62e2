package paas.api.store;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import paas.api.TestDatabases;
import paas.api.domain.Certificate;
import paas.api.domain.DynoSizes;
import paas.api.domain.PlatformException;
import paas.api.domain.Quotas;
import paas.api.domain.TlsSettings;
import paas.api.domain.User;
import paas.api.service.AppEvent;
import paas.api.service.CertificateService;
import paas.api.service.Services;
import paas.api.tls.TestChains;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Certificates through the service into the store and back: the private key is sealed (no row
 * and, on H2, no byte of the file as a kill leaves it holds its PEM), bad input changes nothing,
 * and a removal is told with the certificate (an ACME-issued one is then revoked). On H2 and PostgreSQL.
 */
class CertificatesAtRestTest {
    private static final String ADMIN_TOKEN = "admin-token-for-tests-0001";

    private final TestDatabases databases = new TestDatabases();
    private final TestChains ca = new TestChains();
    private final List<AppEvent> events = new ArrayList<>();
    private final List<Certificate> revoked = new ArrayList<>();
    private Database db;
    private CertificateService certs;
    private User admin;

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

    private DatabaseUrl open(TestDatabases.Kind kind) throws Exception {
        DatabaseUrl url = databases.newDatabase(kind);
        db = Database.open(url, TestSecrets.box());
        Services services = Services.wire(db, "paas.test", DynoSizes.standard(), Quotas.defaults());
        services.accounts().bootstrapAdmin("admin@paas.test", Optional.of(ADMIN_TOKEN));
        admin = services.accounts().authenticate(ADMIN_TOKEN).orElseThrow();
        services.apps().create(admin, Optional.of("shop"));
        services.domains().add(admin, "shop", "www.example.com");
        certs = new CertificateService(db, new CertificateStore(db.secrets()), new DomainStore(),
                new AppStore(), ca.trusting(), Clock.systemUTC(), event -> {
                    if (event instanceof AppEvent.CertificateRemoved removed) {
                        revoked.add(removed.certificate());
                    } else {
                        events.add(event);
                    }
                });
        return url;
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void theKeyIsSealedAndReadsBackForTheRouter(TestDatabases.Kind kind) throws Exception {
        DatabaseUrl url = open(kind);
        TestChains.Leaf leaf = ca.leaf("www.example.com");
        String keyBody = leaf.keyPem().lines().skip(1).findFirst().orElseThrow();

        Certificate added = certs.add(admin, "shop", ca.fullChain(leaf), leaf.keyPem());

        assertThat(added.name()).matches("[a-z]+-[0-9]{5}");
        assertThat(added.hostnames()).containsExactly("www.example.com");
        assertThat(certs.list(admin, "shop")).extracting(Certificate::name).containsExactly(added.name());
        assertThat(certs.get(admin, "shop", added.id().toString()).notAfter()).isEqualTo(added.notAfter());
        assertThat(events).containsExactly(new AppEvent.CertificatesChanged(new paas.api.domain.AppName("shop")));
        List<CertificateStore.Keyed> keyed = db.inTransaction(c -> new CertificateStore(db.secrets()).allKeyed(c));
        assertThat(keyed)
                .singleElement().satisfies(k -> assertThat(k.keyPem()).contains(keyBody));
        assertThat(rawCells()).noneMatch(cell -> cell.contains(keyBody));
        if (kind == TestDatabases.Kind.H2) {
            Path file = EmbeddedStoreRecovery.fileOf(url.jdbcUrl()).orElseThrow();
            assertThat(Files.readString(file, StandardCharsets.ISO_8859_1)).doesNotContain(keyBody);
        }
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void aCertificateForAnotherDomainOrWithTheWrongKeyChangesNothing(TestDatabases.Kind kind) throws Exception {
        open(kind);
        TestChains.Leaf other = ca.leaf("api.other.org");
        assertThatThrownBy(() -> certs.add(admin, "shop", ca.fullChain(other), other.keyPem()))
                .isInstanceOf(PlatformException.InvalidParams.class)
                .hasMessageContaining("none of which is a domain of app shop")
                .hasMessageContaining("paas domains:add");
        TestChains.Leaf mine = ca.leaf("www.example.com");
        assertThatThrownBy(() -> certs.add(admin, "shop", ca.fullChain(mine), other.keyPem()))
                .hasMessageContaining("does not belong");

        assertThat(certs.list(admin, "shop")).isEmpty();
        assertThat(events).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void updateKeepsTheNameAndRemoveForgetsIt(TestDatabases.Kind kind) throws Exception {
        open(kind);
        TestChains.Leaf first = ca.leaf("www.example.com");
        Certificate added = certs.add(admin, "shop", ca.fullChain(first), first.keyPem());
        TestChains.Leaf second = ca.leaf("www.example.com", "*.example.com");

        Certificate updated = certs.update(admin, "shop", added.name(), ca.fullChain(second), second.keyPem());

        assertThat(updated.name()).isEqualTo(added.name());
        assertThat(certs.get(admin, "shop", added.name()).hostnames()).containsExactly("www.example.com", "*.example.com");
        certs.remove(admin, "shop", added.name());
        assertThat(certs.list(admin, "shop")).isEmpty();
        assertThat(revoked).as("the removal is told, with the source that decides revocation")
                .extracting(Certificate::name, Certificate::source)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(added.name(), Certificate.Source.MANUAL));
        assertThatThrownBy(() -> certs.get(admin, "shop", added.name()))
                .isInstanceOf(PlatformException.NotFound.class).hasMessageContaining("paas certs -a shop");
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void tlsSettingsAreKeptPerApp(TestDatabases.Kind kind) throws Exception {
        open(kind);
        assertThat(certs.settings(admin, "shop")).isEqualTo(new TlsSettings(false, false));
        certs.setAcm(admin, "shop", true);
        certs.setHttpsOnly(admin, "shop", true);
        assertThat(certs.settings(admin, "shop")).isEqualTo(new TlsSettings(true, true));
        certs.setAcm(admin, "shop", false);
        assertThat(certs.settings(admin, "shop")).isEqualTo(new TlsSettings(false, true));
    }

    /** Every cell of the certificates and platform_secrets tables, binary ones byte for byte. */
    private List<String> rawCells() {
        return db.inTransaction(c -> {
            List<String> cells = new ArrayList<>();
            for (String table : List.of("certificates", "platform_secrets")) {
                try (ResultSet rs = c.createStatement().executeQuery("SELECT * FROM " + table)) {
                    ResultSetMetaData meta = rs.getMetaData();
                    while (rs.next()) {
                        for (int i = 1; i <= meta.getColumnCount(); i++) {
                            boolean binary = meta.getColumnType(i) == java.sql.Types.VARBINARY
                                    || meta.getColumnType(i) == java.sql.Types.BINARY;
                            byte[] bytes = binary ? rs.getBytes(i) : null;
                            cells.add(bytes != null ? new String(bytes, StandardCharsets.ISO_8859_1)
                                    : String.valueOf(rs.getString(i)));
                        }
                    }
                }
            }
            assertThat(cells).isNotEmpty();
            return cells;
        });
    }
}
