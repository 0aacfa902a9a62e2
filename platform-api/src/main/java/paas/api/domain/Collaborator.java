package paas.api.domain;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.UUID;

/**
 * Someone with access to an app: its owner, or a collaborator, a user the owner gave access. A
 * collaborator does what the owner does with the app, except destroy, rename or transfer it and
 * manage its collaborators (docs/security.md). As on Heroku, an app's collaborator list names its
 * owner too, with the role {@link Role#OWNER}.
 */
public record Collaborator(UUID id, AppRef app, User user, Role role, Instant createdAt, Instant updatedAt) {
    public Collaborator {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(app, "app");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }

    /**
     * The owner's entry in the app's list. The owner has no row of their own; its id is derived from
     * the app and the owner, so it stays the same between requests and changes with a transfer.
     */
    public static Collaborator ownerOf(App app) {
        UUID id = UUID.nameUUIDFromBytes(("owner " + app.id() + " " + app.owner().id()).getBytes(StandardCharsets.UTF_8));
        return new Collaborator(id, new AppRef(app.id(), app.name()), app.owner(), Role.OWNER, app.createdAt(),
                app.updatedAt());
    }

    public enum Role {
        OWNER, COLLABORATOR;

        /** As Heroku's API and CLI name it. */
        public String value() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
