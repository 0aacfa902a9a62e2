package paas.api.service;

import paas.api.domain.AppName;

import java.util.Set;

/**
 * A change to an app, told to {@link AppListener}s once it has committed. Listeners read the
 * app's state again rather than trust the event to carry it; the event says what happened,
 * for the app's log ({@link AppActivity}) and for what must follow a name (repositories, caches).
 */
public sealed interface AppEvent {
    /** The app as it is named after the change. */
    AppName app();

    /** A config change made release {@code version}; {@code description} is the release's ("Set A config vars"). */
    record ConfigChanged(AppName app, String by, String description, int version) implements AppEvent {
    }

    /**
     * A deploy made release {@code version}.
     *
     * @param source             what was deployed: a commit's short sha, or {@code image NAME}
     * @param releasePhaseFailed the release command failed, so the release is not live
     */
    record Deployed(AppName app, String by, String source, int version, boolean releasePhaseFailed) implements AppEvent {
    }

    /** Release {@code version} was made from release {@code target}'s slug, config and process types. */
    record RolledBack(AppName app, String by, int target, int version) implements AppEvent {
    }

    /** @param formation what changed, as {@code web@2:standard-1x} */
    record Scaled(AppName app, String by, String formation) implements AppEvent {
    }

    record MaintenanceSwitched(AppName app, String by, boolean on) implements AppEvent {
    }

    /** The stack the next build uses. */
    record StackSet(AppName app, String by, String stack) implements AppEvent {
    }

    /** Its custom domains changed: routes follow. */
    record DomainsChanged(AppName app) implements AppEvent {
    }

    /** Its certificates or its TLS settings (ACM, HTTPS only) changed: the router's certificates and routes follow. */
    record CertificatesChanged(AppName app) implements AppEvent {
    }

    /** A certificate of the app was removed (by a user, with ACM turned off, or with the app destroyed): one the platform issued is revoked. */
    record CertificateRemoved(AppName app, paas.api.domain.Certificate certificate) implements AppEvent {
    }

    /** Its log drains changed. */
    record DrainsChanged(AppName app) implements AppEvent {
    }

    /** The app now has another name; everything kept under the old one should move. */
    record Renamed(AppName from, AppName app) implements AppEvent {
    }

    /**
     * The app's records are gone. Listeners must not throw for a resource that is missing.
     *
     * @param slugFiles the sha256 of each slug file its records named (another app may name one too)
     */
    record Destroyed(AppName app, Set<String> slugFiles) implements AppEvent {
        public Destroyed {
            slugFiles = Set.copyOf(slugFiles);
        }
    }
}
