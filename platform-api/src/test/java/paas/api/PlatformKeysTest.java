package paas.api;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import paas.api.domain.ConfigPatch;
import paas.api.domain.DynoSizes;
import paas.api.domain.User;
import paas.api.service.Services;
import paas.api.store.Database;
import paas.api.store.PlatformKey;
import paas.api.store.SecretBox;
import paas.api.store.UnknownKeyException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Where the platform key comes from (PAAS_SECRET_KEY or the key file), what paasd says when it
 * does not fit the store, and {@code paasd rotate-key}, run as paasd runs them: through
 * {@link Paasd#run} on a real data dir and H2 store.
 */
class PlatformKeysTest {
    private static final String ADMIN_TOKEN = "admin-token-for-tests-0001";
    private static final String SECRET = "s3cret-" + java.util.UUID.randomUUID();

    @TempDir
    Path dataDir;
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
    private final Logger paasdLog = (Logger) LoggerFactory.getLogger("paasd");
    private Level level;

    @BeforeEach
    void captureLog() {
        logged.start();
        level = paasdLog.getLevel();
        paasdLog.setLevel(Level.INFO);
        paasdLog.addAppender(logged);
    }

    @AfterEach
    void releaseLog() {
        paasdLog.detachAppender(logged);
        paasdLog.setLevel(level);
    }

    private Map<String, String> env(String... pairs) {
        Map<String, String> env = new HashMap<>(Map.of("PAAS_DATA_DIR", dataDir.toString()));
        for (int i = 0; i < pairs.length; i += 2) {
            env.put(pairs[i], pairs[i + 1]);
        }
        return env;
    }

    private String log() {
        return String.join("\n", logged.list.stream().map(ILoggingEvent::getFormattedMessage).toList());
    }

    private Path keyFile() {
        return dataDir.resolve(PlatformKeys.KEY_FILE);
    }

    private PlatformKey fileKey(Path file) throws Exception {
        return PlatformKey.parse(Files.readString(file));
    }

    /** Opens the store as paasd would with {@code env}, and runs {@code work} on its services. */
    private void withServices(Map<String, String> env, java.util.function.BiConsumer<Services, User> work) {
        PlatformConfig config = PlatformConfig.fromEnvironment(env);
        try (Database db = Database.open(config.database(), PlatformKeys.forServing(config).box())) {
            Services services = Services.wire(db, "paas.test", DynoSizes.standard(), paas.api.domain.Quotas.defaults().withDynosPerType(10));
            services.accounts().bootstrapAdmin("admin@paas.test", Optional.of(ADMIN_TOKEN));
            work.accept(services, services.accounts().authenticate(ADMIN_TOKEN).orElseThrow());
        }
    }

    private void assertSecretReads(Map<String, String> env) {
        withServices(env, (services, admin) ->
                assertThat(services.config().get(admin, "vault").values()).containsEntry("PASSWORD", SECRET));
    }

    @Test
    void theFirstStartMakesAKeyFileForPaasdsUserOnlyAndSaysToBackItUp() throws Exception {
        assertThat(Paasd.run("migrate", env())).isZero();
        assertThat(Files.getPosixFilePermissions(keyFile())).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        PlatformKey key = fileKey(keyFile());
        assertThat(log()).contains("created the platform key file " + keyFile()).contains("Back it up")
                .contains(key.id()).doesNotContain(key.encoded());
        assertThat(dataDir.resolve(PlatformKeys.KEY_FILE + ".tmp")).doesNotExist();

        logged.list.clear();
        Files.setPosixFilePermissions(keyFile(), PosixFilePermissions.fromString("rw-r--r--"));
        assertThat(Paasd.run("migrate", env())).isZero();
        assertThat(fileKey(keyFile())).isEqualTo(key);
        assertThat(log()).doesNotContain("created the platform key").contains("narrowed " + keyFile());
    }

    @Test
    void paasSecretKeyIsUsedInsteadOfAKeyFile() {
        PlatformKey key = PlatformKey.generate(new SecureRandom());
        PlatformConfig config = PlatformConfig.fromEnvironment(env("PAAS_SECRET_KEY", key.encoded()));
        assertThat(PlatformKeys.forServing(config).box().sealingKey()).isEqualTo(key);
        assertThat(keyFile()).doesNotExist();
    }

    @Test
    void aKeyThatIsNot32BytesOfBase64IsRefusedWithoutBeingShown() throws Exception {
        for (String bad : List.of("hunter2", "aHVudGVyMg==")) {
            assertThatThrownBy(() -> PlatformConfig.fromEnvironment(env("PAAS_SECRET_KEY", bad)))
                    .hasMessageStartingWith("PAAS_SECRET_KEY=(hidden) is not valid")
                    .hasMessageContaining("openssl rand -base64 32").hasMessageNotContaining(bad);
        }
        String key = PlatformKey.generate(new SecureRandom()).encoded();
        assertThatThrownBy(() -> PlatformConfig.fromEnvironment(env("PAAS_SECRET_KEY", key, "PAAS_SECRET_KEY_OLD", key)))
                .hasMessageContaining("PAAS_SECRET_KEY_OLD").hasMessageContaining("same key");

        Files.writeString(keyFile(), "not a key\n");
        assertThat(Paasd.run("migrate", env())).isEqualTo(1);
        assertThat(log()).contains("the key file " + keyFile() + " holds no platform key")
                .contains("restore it from your backup");
    }

    @Test
    void aKeyThatDidNotSealTheStoreStopsPaasdWithTheFix() throws Exception {
        assertThat(Paasd.run("migrate", env())).isZero();
        PlatformKey sealedWith = fileKey(keyFile());
        String other = PlatformKey.generate(new SecureRandom()).encoded();

        assertThat(Paasd.run("serve", env("PAAS_SECRET_KEY", other))).isEqualTo(1);
        assertThat(log()).contains("cannot start: the store holds config values or drain URLs sealed with platform key "
                + sealedWith.id()).contains("set PAAS_SECRET_KEY to the key they were sealed with")
                .contains("PAAS_SECRET_KEY_OLD").doesNotContain("Exception").doesNotContain(other);

        logged.list.clear();
        Files.delete(keyFile()); // lost: paasd makes a new one, which does not open the store
        assertThat(Paasd.run("serve", env())).isEqualTo(1);
        assertThat(log()).contains("sealed with platform key " + sealedWith.id())
                .contains("created just now").contains("restore the key file secret.key");
    }

    @Test
    void rotateKeyResealsWithANewKeyFileAndFinishesWhenRunAgainAfterAKill() throws Exception {
        withServices(env(), (services, admin) -> {
            services.apps().create(admin, Optional.of("vault"));
            services.config().patch(admin, "vault", ConfigPatch.of(Map.of("PASSWORD", SECRET)));
        });
        PlatformKey oldKey = fileKey(keyFile());

        // A rotation killed once the new key was made and recorded, before anything was re-sealed.
        PlatformConfig config = PlatformConfig.fromEnvironment(env());
        PlatformKeys rotating = PlatformKeys.forRotation(config);
        Database.open(config.database(), rotating.box()).close();
        Path next = dataDir.resolve(PlatformKeys.NEXT_KEY_FILE);
        PlatformKey newKey = fileKey(next);
        assertThat(Files.getPosixFilePermissions(next)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertSecretReads(env()); // paasd still starts, and reads everything
        assertThat(log()).contains("a key rotation was interrupted");

        assertThat(Paasd.run("rotate-key", env())).isZero();
        assertThat(next).doesNotExist();
        assertThat(fileKey(keyFile())).isEqualTo(newKey);
        assertThat(log()).contains("every secret (config values, drain URLs, certificate keys, add-on passwords) is now sealed with key " + newKey.id())
                .contains("retired: " + oldKey.id());
        assertSecretReads(env());
        assertThatThrownBy(() -> Database.open(config.database(), new SecretBox(oldKey, List.of()))
                .close()).isInstanceOf(UnknownKeyException.class);
    }

    @Test
    void rotateKeyMovesFromTheOldToTheNewEnvironmentKey() throws Exception {
        withServices(env(), (services, admin) -> {
            services.apps().create(admin, Optional.of("vault"));
            services.config().patch(admin, "vault", ConfigPatch.of(Map.of("PASSWORD", SECRET)));
        });
        String oldKey = fileKey(keyFile()).encoded();
        String newKey = PlatformKey.generate(new SecureRandom()).encoded();

        assertThat(Paasd.run("rotate-key", env("PAAS_SECRET_KEY", newKey))).isEqualTo(1);
        assertThat(log()).contains("PAAS_SECRET_KEY_OLD is not set");
        assertThat(Paasd.run("rotate-key", env("PAAS_SECRET_KEY", newKey, "PAAS_SECRET_KEY_OLD", oldKey))).isZero();
        assertThat(log()).contains("unset PAAS_SECRET_KEY_OLD");

        assertSecretReads(env("PAAS_SECRET_KEY", newKey));
        assertThat(Paasd.run("migrate", env("PAAS_SECRET_KEY", oldKey))).isEqualTo(1);
    }
}
