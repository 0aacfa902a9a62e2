package paas.api.addons;

import paas.api.domain.Addon;
import paas.api.domain.AddonAttachment;
import paas.api.domain.App;
import paas.api.domain.PlatformException;
import paas.api.domain.User;
import paas.api.service.AppGuard;
import paas.api.store.AddonStore;
import paas.api.store.AppStore;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import java.util.UUID;

/**
 * Who may see and change an add-on, following its apps as {@link AppGuard} does for an app: a
 * caller sees an add-on owned by or attached to one of their apps (else it is "not found"), and
 * changes (attaches elsewhere, destroys) only one their own app owns; admins everything. An
 * attachment is the business of its app's members. "Their apps" are those they own or collaborate
 * on: add-ons have no paid plans here, and Heroku lets a collaborator manage free add-ons.
 */
final class AddonGuard {
    private final AddonStore addons;
    private final AppStore apps;
    private final AppGuard guard;

    AddonGuard(AddonStore addons, AppStore apps, AppGuard guard) {
        this.addons = addons;
        this.apps = apps;
        this.guard = guard;
    }

    /** The add-on, when the caller may see it: its owner or an app it is attached to is one of theirs. */
    Addon requireVisible(Connection c, User caller, String idOrName) throws SQLException {
        Addon addon = addons.find(c, idOrName).orElseThrow(() -> notFound(idOrName));
        if (caller.admin() || addon.owner().isPresent() && ownsApp(c, caller, addon.owner().get().id())) {
            return addon;
        }
        for (AddonAttachment attachment : addons.attachmentsOf(c, addon.id())) {
            if (ownsApp(c, caller, attachment.app().id())) {
                return addon;
            }
        }
        throw notFound(idOrName);
    }

    /** As {@link #requireVisible}; with an app, also owned by or attached to that app. */
    Addon requireInScope(Connection c, User caller, Optional<String> app, String idOrName) throws SQLException {
        if (app.isEmpty()) {
            return requireVisible(c, caller, idOrName);
        }
        App scope = guard.require(c, caller, app.get());
        Addon addon = addons.find(c, idOrName).orElseThrow(() -> notFound(idOrName));
        boolean ofApp = addon.owner().map(o -> o.id().equals(scope.id())).orElse(false)
                || addons.attachmentsOf(c, addon.id()).stream().anyMatch(a -> a.app().id().equals(scope.id()));
        if (!ofApp) {
            throw new PlatformException.NotFound("add-on " + idOrName + " is not attached to app " + scope.name()
                    + ": `paas addons -a " + scope.name() + "` lists its add-ons");
        }
        return addon;
    }

    /** The add-on, when the caller may change it: its owner app is theirs. */
    Addon requireManaged(Connection c, User caller, Addon addon) throws SQLException {
        if (caller.admin() || addon.owner().isPresent() && ownsApp(c, caller, addon.owner().get().id())) {
            return addon;
        }
        throw new PlatformException.Forbidden("add-on " + addon.name() + " belongs to app "
                + addon.owner().map(o -> o.name().value()).orElse("(none)") + ", which is not yours: ask its owner");
    }

    /**
     * The add-on, when the caller may attach it to {@code target}: to the app that owns it any member
     * of that app may; to another app only that app's owner (or an admin). An attachment elsewhere
     * outlives a collaborator's access to the owning app, so it would keep its data in reach of
     * someone {@code access:remove} cut off.
     */
    Addon requireAttachable(Connection c, User caller, Addon addon, App target) throws SQLException {
        requireManaged(c, caller, addon);
        if (caller.admin() || addon.owner().filter(o -> o.id().equals(target.id())).isPresent()) {
            return addon;
        }
        Optional<App> owning = addon.owner().isPresent()
                ? apps.find(c, addon.owner().get().id().toString()) : Optional.empty();
        if (owning.isPresent() && owning.get().owner().id().equals(caller.id())) {
            return addon;
        }
        throw new PlatformException.Forbidden("only the owner of app " + owning.map(a -> a.name().value() + " ("
                + a.owner().email() + ")").orElse("(none)") + " or an admin may attach its add-on " + addon.name()
                + " to another app; you are a collaborator on it: ask them");
    }

    AddonAttachment requireAttachment(Connection c, User caller, String id) throws SQLException {
        UUID uuid;
        try {
            uuid = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw attachmentNotFound(id);
        }
        AddonAttachment attachment = addons.attachment(c, uuid).orElseThrow(() -> attachmentNotFound(id));
        if (!caller.admin() && !ownsApp(c, caller, attachment.app().id())) {
            throw attachmentNotFound(id);
        }
        return attachment;
    }

    /** Whether the app is one of the caller's: they own it or collaborate on it. */
    private boolean ownsApp(Connection c, User caller, UUID appId) throws SQLException {
        Optional<App> app = apps.find(c, appId.toString());
        return app.isPresent() && guard.isMember(c, caller, app.get());
    }

    static PlatformException notFound(String idOrName) {
        return new PlatformException.NotFound("add-on " + idOrName + " not found: `paas addons` lists the add-ons"
                + " you can use");
    }

    private static PlatformException attachmentNotFound(String id) {
        return new PlatformException.NotFound("add-on attachment " + id + " not found: `paas addons` lists the"
                + " attachments of your apps");
    }
}
