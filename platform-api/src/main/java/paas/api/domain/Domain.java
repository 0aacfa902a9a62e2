package paas.api.domain;

import java.time.Instant;
import java.util.UUID;

/** A hostname routed to an app: its default one under the platform domain, or a custom one. */
public record Domain(UUID id, Hostname hostname, Kind kind, Instant createdAt) {
    public enum Kind { DEFAULT, CUSTOM }
}
