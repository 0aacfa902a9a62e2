package paas.api.domain;

import java.util.Objects;
import java.util.UUID;

/** An app by its id and name, as other records point at it. */
public record AppRef(UUID id, AppName name) {
    public AppRef {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
    }
}
