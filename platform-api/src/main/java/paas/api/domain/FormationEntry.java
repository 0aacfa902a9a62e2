package paas.api.domain;

import java.time.Instant;

/** How many dynos of one process type an app should run, and at what size. */
public record FormationEntry(ProcessType type, int quantity, String size, String command, Instant updatedAt) {
}
