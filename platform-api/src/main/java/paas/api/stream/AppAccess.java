package paas.api.stream;

import paas.api.domain.User;

/**
 * Whether a user may read an app's streams now: asked again when a ticket is redeemed, since their
 * access may have been removed (or the app renamed or destroyed) after the ticket was issued.
 */
@FunctionalInterface
public interface AppAccess {
    /** @throws paas.api.domain.PlatformException when they may not, saying why and what to do */
    void require(User user, String app);
}
