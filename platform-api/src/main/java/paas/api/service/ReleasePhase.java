package paas.api.service;

import paas.api.domain.Release;

import java.util.Map;
import java.util.UUID;

/**
 * The rule of Heroku's release phase: a release whose process types declare {@code release}
 * starts {@code pending} and goes live only once that command has exited 0 in a one-off dyno.
 */
public final class ReleasePhase {
    /** The process type that names the release-phase command. */
    public static final String PROCESS_TYPE = "release";

    private ReleasePhase() {
    }

    /** The status a new release starts with. */
    public static Release.Status initialStatus(UUID slugId, Map<String, String> processTypes) {
        return slugId != null && processTypes.containsKey(PROCESS_TYPE) ? Release.Status.PENDING
                : Release.Status.SUCCEEDED;
    }
}
