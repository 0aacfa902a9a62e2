package paas.api.domain;

import java.time.Instant;
import java.util.UUID;

/** Someone who holds tokens and owns apps. An admin may act on every app and create users. */
public record User(UUID id, String email, boolean admin, Instant createdAt) {
}
