package paas.api.domain;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** The platform's record of a slug in the slug store: its checksum, size, origin and process types. */
public record SlugRecord(UUID id, UUID appId, String sha256, long sizeBytes, String commit, String buildpack,
                         String stack, Map<String, String> processTypes, Instant createdAt) {
    public SlugRecord {
        processTypes = Map.copyOf(processTypes);
    }

    /** True for an image on the engine (the container stack), named by {@code sha256}; false for a slug file. */
    public boolean image() {
        return Stack.CONTAINER.equals(stack);
    }
}
