package paas.api.domain;

import java.time.Instant;
import java.util.UUID;

/** An API token as listed: its secret is never stored or shown again after it is issued. */
public record Token(UUID id, String description, Instant createdAt) {
}
