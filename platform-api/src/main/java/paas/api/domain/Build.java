package paas.api.domain;

import java.time.Instant;
import java.util.UUID;

/** One build of a pushed commit; slug and release are set when it succeeded. */
public record Build(UUID id, UUID appId, Status status, String commit, User user, UUID slugId, UUID releaseId,
                    Instant createdAt, Instant updatedAt) {
    public enum Status { PENDING, SUCCEEDED, FAILED }
}
