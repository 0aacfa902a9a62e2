package paas.api.domain;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * An add-on attached to an app under a name: the app has the config var {@code NAME_URL} with the
 * add-on's URL, and its dynos reach the add-on on the app's network.
 */
public record AddonAttachment(UUID id, AddonRef addon, AppRef app, AttachmentName name, Instant createdAt) {
    public AddonAttachment {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(addon, "addon");
        Objects.requireNonNull(app, "app");
        Objects.requireNonNull(name, "name");
    }

    /** The add-on attached, with the app that owns it. */
    public record AddonRef(UUID id, AddonName name, Optional<AppRef> owner) {
    }

    public ConfigKey configKey() {
        return name.configKey();
    }
}
