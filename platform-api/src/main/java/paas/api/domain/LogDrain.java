package paas.api.domain;

import java.time.Instant;
import java.util.UUID;

/** A drain of one app's log stream: its URL and the token carried in every line it receives. */
public record LogDrain(UUID id, UUID appId, String url, String token, Instant createdAt) {
}
