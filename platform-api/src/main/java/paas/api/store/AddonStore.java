package paas.api.store;

import paas.api.domain.Addon;
import paas.api.domain.AddonAttachment;
import paas.api.domain.AddonKind;
import paas.api.domain.AddonName;
import paas.api.domain.AddonPlan;
import paas.api.domain.AddonPlanRef;
import paas.api.domain.AppName;
import paas.api.domain.AppRef;
import paas.api.domain.AttachmentName;
import paas.api.domain.PlatformException;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Add-ons, their passwords sealed ({@link SecretColumn#ADDON_PASSWORD}), and their attachments to
 * apps. Methods run on the caller's connection, inside its transaction; callers changing an app's
 * attachments hold that app's lock.
 */
public final class AddonStore {
    private static final String ADDON = "SELECT a.id, a.name, a.kind, a.plan, a.app_id, o.name AS owner_name, a.state,"
            + " a.created_at, a.updated_at FROM addons a LEFT JOIN apps o ON o.id = a.app_id";
    private static final String ATTACHMENT = "SELECT t.id, t.name, t.created_at, t.app_id, p.name AS app_name,"
            + " t.addon_id, a.name AS addon_name, a.app_id AS owner_id, o.name AS owner_name"
            + " FROM addon_attachments t JOIN apps p ON p.id = t.app_id JOIN addons a ON a.id = t.addon_id"
            + " LEFT JOIN apps o ON o.id = a.app_id";
    /** The ids of the apps a user (the one parameter) collaborates on; with owner_id, their apps. */
    private static final String MEMBER_APPS = "SELECT k.app_id FROM app_collaborators k WHERE k.user_id = ?";

    private final SecretBox secrets;

    public AddonStore(SecretBox secrets) {
        this.secrets = secrets;
    }

    /** @param attachAs the attachment name the create asked for, if any, until the add-on is provisioned */
    public void insert(Connection c, Addon addon, String password, Optional<AttachmentName> attachAs)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO addons (id, name, kind, plan, app_id, state,"
                + " password_sealed, created_at, updated_at, attach_as) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setObject(1, addon.id());
            ps.setString(2, addon.name().value());
            ps.setString(3, addon.kind().value());
            ps.setString(4, addon.plan().plan().value());
            ps.setObject(5, addon.owner().map(AppRef::id).orElse(null));
            ps.setString(6, addon.state().value());
            ps.setBytes(7, SecretColumn.ADDON_PASSWORD.seal(secrets, password, addon.id()));
            Rows.setInstant(ps, 8, addon.createdAt());
            Rows.setInstant(ps, 9, addon.updatedAt());
            ps.setString(10, attachAs.map(AttachmentName::value).orElse(null));
            ps.executeUpdate();
        } catch (SQLException e) {
            if (StoreException.isUniqueViolation(e)) {
                throw new PlatformException.Conflict("an add-on named " + addon.name() + " exists already:"
                        + " choose another name");
            }
            throw e;
        }
    }

    /** The add-on with this id or name. */
    public Optional<Addon> find(Connection c, String idOrName) throws SQLException {
        UUID id = Uuids.orNull(idOrName);
        List<Addon> found = id != null ? addons(c, ADDON + " WHERE a.id = ?", id)
                : addons(c, ADDON + " WHERE a.name = ?", idOrName);
        return found.stream().findFirst();
    }

    /**
     * Takes the add-on's row lock until the transaction ends, so work on one database started from
     * different apps (a capture and a restore through two attachments) happens one after another.
     */
    public void lock(Connection c, UUID addonId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM addons WHERE id = ? FOR UPDATE")) {
            ps.setObject(1, addonId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new PlatformException.NotFound("add-on " + addonId + " was destroyed meanwhile");
                }
            }
        }
    }

    /** The attachment name the add-on's create asked for, while it is provisioning. */
    public Optional<AttachmentName> attachAs(Connection c, UUID addonId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT attach_as FROM addons WHERE id = ?")) {
            ps.setObject(1, addonId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getString(1) != null ? Optional.of(new AttachmentName(rs.getString(1)))
                        : Optional.empty();
            }
        }
    }

    public String password(Connection c, UUID addonId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT password, password_sealed FROM addons WHERE id = ?")) {
            ps.setObject(1, addonId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new StoreException("add-on " + addonId + " has no row", null);
                }
                return SecretColumn.ADDON_PASSWORD.read(rs, secrets, addonId);
            }
        }
    }

    /** Every add-on, oldest first. */
    public List<Addon> all(Connection c) throws SQLException {
        return addons(c, ADDON + " ORDER BY a.created_at, a.name");
    }

    /**
     * The add-ons owned by, or attached to, an app {@code ownerId} owns or collaborates on (every
     * add-on for null), oldest first.
     */
    public List<Addon> visibleTo(Connection c, UUID ownerId) throws SQLException {
        if (ownerId == null) {
            return all(c);
        }
        return addons(c, ADDON + " WHERE o.owner_id = ? OR o.id IN (" + MEMBER_APPS + ") OR a.id IN (SELECT t.addon_id"
                + " FROM addon_attachments t JOIN apps p ON p.id = t.app_id WHERE p.owner_id = ? OR p.id IN ("
                + MEMBER_APPS + ")) ORDER BY a.created_at, a.name", ownerId, ownerId, ownerId, ownerId);
    }

    /** The add-ons the app owns or has attached, oldest first. */
    public List<Addon> ofApp(Connection c, UUID appId) throws SQLException {
        return addons(c, ADDON + " WHERE a.app_id = ? OR a.id IN (SELECT addon_id FROM addon_attachments"
                + " WHERE app_id = ?) ORDER BY a.created_at, a.name", appId, appId);
    }

    /** Add-ons whose owner was destroyed: each goes to another attached app or is destroyed. */
    public List<Addon> unowned(Connection c) throws SQLException {
        return addons(c, ADDON + " WHERE a.app_id IS NULL ORDER BY a.created_at");
    }

    /**
     * Moves the add-on to {@code next} (a move {@link Addon.State#canBecome} allows), but only from
     * the state {@code addon} has: when another request moved it meanwhile, nothing changes and
     * this throws, so two moves never both win.
     *
     * @throws PlatformException.Conflict when the add-on is no longer in {@code addon}'s state
     */
    public Addon transition(Connection c, Addon addon, Addon.State next, Instant at) throws SQLException {
        Addon moved = addon.withState(next, at);
        try (PreparedStatement ps = c.prepareStatement("UPDATE addons SET state = ?, updated_at = ?,"
                + " attach_as = CASE WHEN ? THEN attach_as ELSE NULL END WHERE id = ? AND state = ?")) {
            ps.setString(1, next.value());
            Rows.setInstant(ps, 2, at);
            ps.setBoolean(3, next == Addon.State.PROVISIONING);
            ps.setObject(4, addon.id());
            ps.setString(5, addon.state().value());
            if (ps.executeUpdate() != 1) {
                throw new PlatformException.Conflict("add-on " + addon.name() + " changed meanwhile (it is no longer "
                        + addon.state().value() + "): look again with `paas addons:info " + addon.name() + "`");
            }
        }
        return moved;
    }

    /**
     * Records that the add-on's data volume was found gone (kept from the first time it was found);
     * true when it was not recorded before.
     */
    public boolean markDataMissing(Connection c, UUID addonId, Instant at) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE addons SET data_missing_since = ?"
                + " WHERE id = ? AND data_missing_since IS NULL")) {
            Rows.setInstant(ps, 1, at);
            ps.setObject(2, addonId);
            return ps.executeUpdate() == 1;
        }
    }

    /** Since when the add-on's data volume is known to be gone, if it is. */
    public Optional<Instant> dataMissingSince(Connection c, UUID addonId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT data_missing_since FROM addons WHERE id = ?")) {
            ps.setObject(1, addonId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.ofNullable(Rows.instant(rs, "data_missing_since")) : Optional.empty();
            }
        }
    }

    /** Forgets that the add-on's data was missing (its volume is there again); true when it was recorded. */
    public boolean clearDataMissing(Connection c, UUID addonId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE addons SET data_missing_since = NULL"
                + " WHERE id = ? AND data_missing_since IS NOT NULL")) {
            ps.setObject(1, addonId);
            return ps.executeUpdate() == 1;
        }
    }

    public void setOwner(Connection c, UUID addonId, UUID appId, Instant at) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE addons SET app_id = ?, updated_at = ? WHERE id = ?")) {
            ps.setObject(1, appId);
            Rows.setInstant(ps, 2, at);
            ps.setObject(3, addonId);
            ps.executeUpdate();
        }
    }

    /** Removes the add-on's row and its attachments. */
    public void delete(Connection c, UUID addonId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM addons WHERE id = ?")) {
            ps.setObject(1, addonId);
            ps.executeUpdate();
        }
    }

    public void attach(Connection c, UUID id, UUID addonId, UUID appId, AttachmentName name, Instant at)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO addon_attachments (id, addon_id, app_id, name, created_at) VALUES (?, ?, ?, ?, ?)")) {
            ps.setObject(1, id);
            ps.setObject(2, addonId);
            ps.setObject(3, appId);
            ps.setString(4, name.value());
            Rows.setInstant(ps, 5, at);
            ps.executeUpdate();
        } catch (SQLException e) {
            if (StoreException.isUniqueViolation(e)) {
                throw new PlatformException.Conflict("the app has an attachment named " + name
                        + " already: choose another name with --as");
            }
            throw e;
        }
    }

    /** Points an attachment at another add-on (pg:promote moves {@code DATABASE}). */
    public void reassign(Connection c, UUID attachmentId, UUID addonId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE addon_attachments SET addon_id = ? WHERE id = ?")) {
            ps.setObject(1, addonId);
            ps.setObject(2, attachmentId);
            ps.executeUpdate();
        }
    }

    public void detach(Connection c, UUID attachmentId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM addon_attachments WHERE id = ?")) {
            ps.setObject(1, attachmentId);
            ps.executeUpdate();
        }
    }

    public Optional<AddonAttachment> attachment(Connection c, UUID id) throws SQLException {
        return attachments(c, ATTACHMENT + " WHERE t.id = ?", id).stream().findFirst();
    }

    /** The add-on's attachments, oldest first. */
    public List<AddonAttachment> attachmentsOf(Connection c, UUID addonId) throws SQLException {
        return attachments(c, ATTACHMENT + " WHERE t.addon_id = ? ORDER BY t.created_at, t.name", addonId);
    }

    /** The app's attachments, oldest first. */
    public List<AddonAttachment> attachmentsIn(Connection c, UUID appId) throws SQLException {
        return attachments(c, ATTACHMENT + " WHERE t.app_id = ? ORDER BY t.created_at, t.name", appId);
    }

    /** The attachments to apps {@code ownerId} owns or collaborates on (every attachment for null), oldest first. */
    public List<AddonAttachment> attachmentsVisibleTo(Connection c, UUID ownerId) throws SQLException {
        return ownerId == null ? attachments(c, ATTACHMENT + " ORDER BY t.created_at, t.name")
                : attachments(c, ATTACHMENT + " WHERE p.owner_id = ? OR p.id IN (" + MEMBER_APPS + ")"
                        + " ORDER BY t.created_at, t.name", ownerId, ownerId);
    }

    private static List<Addon> addons(Connection c, String sql, Object... params) throws SQLException {
        List<Addon> found = new ArrayList<>();
        try (PreparedStatement ps = prepare(c, sql, params); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                found.add(new Addon(Rows.uuid(rs, "id"), new AddonName(rs.getString("name")),
                        new AddonPlanRef(AddonKind.fromValue(rs.getString("kind")), AddonPlan.of(rs.getString("plan"))),
                        appRef(rs, "app_id", "owner_name"), Addon.State.fromValue(rs.getString("state")),
                        Rows.instant(rs, "created_at"), Rows.instant(rs, "updated_at")));
            }
        }
        return found;
    }

    private static List<AddonAttachment> attachments(Connection c, String sql, Object... params) throws SQLException {
        List<AddonAttachment> found = new ArrayList<>();
        try (PreparedStatement ps = prepare(c, sql, params); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                found.add(new AddonAttachment(Rows.uuid(rs, "id"),
                        new AddonAttachment.AddonRef(Rows.uuid(rs, "addon_id"), new AddonName(rs.getString("addon_name")),
                                appRef(rs, "owner_id", "owner_name")),
                        appRef(rs, "app_id", "app_name").orElseThrow(), new AttachmentName(rs.getString("name")),
                        Rows.instant(rs, "created_at")));
            }
        }
        return found;
    }

    private static PreparedStatement prepare(Connection c, String sql, Object... params) throws SQLException {
        PreparedStatement ps = c.prepareStatement(sql);
        for (int i = 0; i < params.length; i++) {
            ps.setObject(i + 1, params[i]);
        }
        return ps;
    }

    private static Optional<AppRef> appRef(ResultSet rs, String idColumn, String nameColumn) throws SQLException {
        UUID id = Rows.uuid(rs, idColumn);
        return id == null ? Optional.empty() : Optional.of(new AppRef(id, new AppName(rs.getString(nameColumn))));
    }
}
