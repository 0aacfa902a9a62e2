package paas.api.domain;

import java.time.Instant;
import java.util.UUID;

/**
 * An app as the platform knows it; {@code releasedAt} is null before any release; {@code acm}:
 * the platform obtains its certificates (changed only through the certificate service).
 */
public record App(UUID id, AppName name, User owner, String stack, boolean maintenance,
                  Instant createdAt, Instant updatedAt, Instant releasedAt, boolean acm) {
}
