package paas.api.store;

import java.security.SecureRandom;
import java.util.List;

/** A box with a fresh random platform key, for tests whose store's secrets are not the point. */
public final class TestSecrets {
    private TestSecrets() {
    }

    public static SecretBox box() {
        return new SecretBox(PlatformKey.generate(new SecureRandom()), List.of());
    }
}
