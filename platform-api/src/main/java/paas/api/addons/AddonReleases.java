package paas.api.addons;

import paas.api.domain.Addon;
import paas.api.domain.AddonAttachment;
import paas.api.domain.App;
import paas.api.domain.AttachmentName;
import paas.api.domain.ConfigVars;
import paas.api.domain.Release;
import paas.api.domain.User;
import paas.api.service.ConfigReleases;
import paas.api.store.AddonStore;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Attaching and detaching inside the caller's transaction (which holds the app's lock): the
 * attachment rows and the config vars change together, in one release per attach or detach,
 * described as Heroku does: {@code Attach DATABASE (@ref:postgresql-curved-12345)}.
 */
final class AddonReleases {
    private final AddonStore addons;
    private final ConfigReleases configReleases;

    AddonReleases(AddonStore addons, ConfigReleases configReleases) {
        this.addons = addons;
        this.configReleases = configReleases;
    }

    /** The app's attachment names and its config var names without {@code _URL}: what a new name must not be. */
    List<AttachmentName> takenNames(Connection c, App app) throws SQLException {
        java.util.Set<AttachmentName> taken = new java.util.LinkedHashSet<>();
        addons.attachmentsIn(c, app.id()).forEach(a -> taken.add(a.name()));
        configReleases.load(c, app.id()).values().keySet().stream()
                .filter(k -> k.endsWith("_URL") && k.length() > 4)
                .map(k -> k.substring(0, k.length() - 4))
                .filter(n -> n.length() <= 40 && n.matches("[A-Z][A-Z0-9_]*") && !n.endsWith("_URL"))
                .forEach(n -> taken.add(new AttachmentName(n)));
        return List.copyOf(taken);
    }

    /** Attaches {@code addon} under {@code names} (the first one names the release) with its URL. */
    Release attach(Connection c, App app, User by, Addon addon, List<AttachmentName> names, String url)
            throws SQLException {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        Map<String, String> next = new TreeMap<>(configReleases.load(c, app.id()).values());
        for (AttachmentName name : names) {
            addons.attach(c, UUID.randomUUID(), addon.id(), app.id(), name, now);
            next.put(name.configKey().value(), url);
        }
        return configReleases.release(c, app.id(), by, new ConfigVars(next), describe("Attach", names, addon));
    }

    /** Removes {@code attachments} (all of one add-on, in {@code app}) and their config vars. */
    Release detach(Connection c, App app, User by, Addon addon, List<AddonAttachment> attachments)
            throws SQLException {
        Map<String, String> next = new TreeMap<>(configReleases.load(c, app.id()).values());
        for (AddonAttachment attachment : attachments) {
            addons.detach(c, attachment.id());
            next.remove(attachment.configKey().value());
        }
        return configReleases.release(c, app.id(), by, new ConfigVars(next),
                describe("Detach", attachments.stream().map(AddonAttachment::name).toList(), addon));
    }

    /** Makes {@code DATABASE} point at {@code addon}'s URL (pg:promote), in one release. */
    Release setUrl(Connection c, App app, User by, Addon addon, Map<AttachmentName, String> urls)
            throws SQLException {
        Map<String, String> next = new TreeMap<>(configReleases.load(c, app.id()).values());
        urls.forEach((name, url) -> next.put(name.configKey().value(), url));
        return configReleases.release(c, app.id(), by, new ConfigVars(next),
                describe("Attach", List.of(addon.kind().primaryAttachment()), addon));
    }

    /** {@code Attach DATABASE (@ref:postgresql-curved-12345)}: the first name, as Heroku names one attachment. */
    static String describe(String verb, List<AttachmentName> names, Addon addon) {
        return verb + " " + names.getFirst() + " (@ref:" + addon.name() + ")";
    }
}
