package paas.api.domain;

import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * A managed service (a PostgreSQL database, a Redis) run for apps. {@code owner} is the app it was
 * created on, or empty for the moment between its owner's destroy and paasd handing it to another
 * attached app or destroying it.
 */
public record Addon(UUID id, AddonName name, AddonPlanRef plan, Optional<AppRef> owner, State state,
                    Instant createdAt, Instant updatedAt) {

    public Addon {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(plan, "plan");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(state, "state");
    }

    public AddonKind kind() {
        return plan.kind();
    }

    public Addon withState(State next, Instant at) {
        if (!state.canBecome(next)) {
            throw new IllegalStateException("add-on " + name + " cannot go from " + state.value() + " to " + next.value());
        }
        return new Addon(id, name, plan, owner, next, createdAt, at);
    }

    /**
     * Where an add-on is in its life. It is created {@code provisioning} (its row committed before
     * its container is made), becomes {@code provisioned} once its service answers and it is
     * attached, and {@code deprovisioning} once its destroy has begun; the row goes when its
     * container and volume have. paasd finishes either at start, so none is left half-made.
     */
    public enum State {
        PROVISIONING, PROVISIONED, DEPROVISIONING;

        public String value() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static State fromValue(String value) {
            return valueOf(value.toUpperCase(Locale.ROOT));
        }

        /** The one rule for moving on: forward only, and a destroy may begin from either other state. */
        public boolean canBecome(State next) {
            return switch (this) {
                case PROVISIONING -> next == PROVISIONED || next == DEPROVISIONING;
                case PROVISIONED -> next == DEPROVISIONING;
                case DEPROVISIONING -> false;
            };
        }
    }
}
