package paas.api;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import paas.api.store.Database;
import paas.api.store.SecretSweep;
import paas.api.store.StoreException;
import paas.api.store.UnknownKeyException;

import java.util.Map;

/**
 * {@code paasd rotate-key}: re-seals every secret in the store (config values, drain URLs, certificate keys, add-on passwords: {@code SecretColumn}) with a new platform key,
 * then retires the old one. It runs with paasd stopped: the embedded store admits one process at
 * a time (a running paasd makes this stop at once), and on PostgreSQL a paasd still running would
 * go on sealing with the old key.
 *
 * <p>Safe against {@code kill -9} at any point: the new key is on disk and recorded in the store
 * before it seals anything, values are re-sealed in committed batches, both keys open values
 * throughout, and the old key is forgotten (and the key file replaced) only once no value is
 * sealed with it. Running it again finishes an interrupted rotation.
 */
final class KeyRotation {
    private static final Logger log = LoggerFactory.getLogger("paasd");

    private KeyRotation() {
    }

    static int run(Map<String, String> env) {
        PlatformKeys keys = null;
        try {
            PlatformConfig config = PlatformConfig.fromEnvironment(env);
            DataDir.prepare(config.dataDir());
            keys = PlatformKeys.forRotation(config);
            SecretSweep.Rotated rotated;
            try (Database db = Database.open(config.database(), keys.box())) {
                rotated = new SecretSweep(db).reseal();
            }
            keys.finishRotation();
            log.info("rotated the platform key: {} value(s) re-sealed, every secret (config values, drain URLs, certificate keys, add-on passwords) is now sealed"
                    + " with key {}; retired: {}", rotated.resealed(), keys.box().sealingKey().id(),
                    rotated.retired().isEmpty() ? "none" : String.join(", ", rotated.retired()));
            if (config.secretKey().isPresent()) {
                log.info("unset PAAS_SECRET_KEY_OLD where paasd is configured: the old key opens nothing any more");
            }
            return 0;
        } catch (UnknownKeyException e) {
            log.error("cannot rotate the platform key: {}", keys.unknownKeyFix(e));
            return 1;
        } catch (PlatformConfig.Invalid | DataDir.Unusable | PlatformKeys.Unusable | StoreException e) {
            log.error("cannot rotate the platform key: {}", e.getMessage());
            return 1;
        }
    }
}
