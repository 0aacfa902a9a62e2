package paas.api.domain;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * An app handed from one user to another. Heroku models it as a request the recipient accepts; on
 * this platform the owner (or an admin) transfers directly, so a transfer is done when it exists.
 */
public record AppTransfer(UUID id, AppRef app, User from, User to, Instant at) {
    public AppTransfer {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(app, "app");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(at, "at");
    }
}
