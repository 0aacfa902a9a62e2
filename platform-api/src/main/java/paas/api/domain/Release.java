package paas.api.domain;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * One numbered, immutable release of an app: a slug (null until the first build) with the
 * config vars and process types it runs with. {@code current} is true for the newest release
 * that succeeded.
 */
public record Release(UUID id, UUID appId, int version, String description, Status status,
                      UUID slugId, User user, Instant createdAt, Instant updatedAt,
                      boolean current, Map<String, String> processTypes) {

    public enum Status { PENDING, SUCCEEDED, FAILED }

    public Release {
        processTypes = Map.copyOf(processTypes);
    }
}
