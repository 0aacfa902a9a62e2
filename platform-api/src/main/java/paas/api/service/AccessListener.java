package paas.api.service;

import java.util.UUID;

/**
 * Told after a change that takes access away has committed, so what was opened with that access
 * and is still running (a log tail, a one-off dyno session) ends at once instead of when its
 * client goes away. Called on the request's thread; implementations must not block.
 */
public interface AccessListener {
    AccessListener NONE = new AccessListener() {
        @Override
        public void tokenRevoked(UUID tokenId) {
        }

        @Override
        public void userCutOff(UUID userId) {
        }
    };

    /** The token with this id was revoked. */
    void tokenRevoked(UUID tokenId);

    /** The user was disabled or destroyed: none of their tokens works any more. */
    void userCutOff(UUID userId);

    /** The user no longer collaborates on the app: what they opened on it ends. Ignored by default. */
    default void appAccessRemoved(UUID userId, paas.api.domain.AppName app) {
    }
}
