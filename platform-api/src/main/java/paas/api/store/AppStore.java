package paas.api.store;

import paas.api.domain.App;
import paas.api.domain.AppName;
import paas.api.domain.PlatformException;
import paas.api.domain.User;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Apps. Methods run on the caller's connection, inside its transaction. */
public final class AppStore {

    private static final String SELECT = """
            SELECT a.id, a.name, a.stack, a.maintenance, a.acm, a.created_at, a.updated_at,
                   u.id AS owner_id, u.email AS owner_email, u.admin AS owner_admin, u.created_at AS owner_created_at,
                   (SELECT MAX(r.created_at) FROM releases r
                     WHERE r.app_id = a.id AND r.status = 'SUCCEEDED') AS released_at
              FROM apps a JOIN users u ON u.id = a.owner_id
            """;

    public void insert(Connection c, App app) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO apps (id, name, owner_id, stack, maintenance, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?)""")) {
            ps.setObject(1, app.id());
            ps.setString(2, app.name().value());
            ps.setObject(3, app.owner().id());
            ps.setString(4, app.stack());
            ps.setBoolean(5, app.maintenance());
            Rows.setInstant(ps, 6, app.createdAt());
            Rows.setInstant(ps, 7, app.updatedAt());
            ps.executeUpdate();
        } catch (SQLException e) {
            if (StoreException.isUniqueViolation(e)) {
                throw nameTaken(app.name());
            }
            throw e;
        }
    }

    static PlatformException.Conflict nameTaken(AppName name) {
        return new PlatformException.Conflict("the name " + name + " is already taken: choose another app name");
    }

    /** The app called {@code nameOrId} (a name, or an id as the API also accepts). */
    public Optional<App> find(Connection c, String nameOrId) throws SQLException {
        UUID id = Uuids.orNull(nameOrId);
        String sql = SELECT + (id == null ? " WHERE a.name = ?" : " WHERE a.id = ?");
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, id == null ? nameOrId : id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(read(rs)) : Optional.empty();
            }
        }
    }

    /**
     * Takes the app's row lock until the transaction ends, so changes to one app
     * (config, releases, formation) happen one after another.
     */
    public void lock(Connection c, UUID appId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM apps WHERE id = ? FOR UPDATE")) {
            ps.setObject(1, appId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new PlatformException.NotFound("app " + appId + " was destroyed meanwhile");
                }
            }
        }
    }

    /**
     * A page of apps by name: those {@code memberId} owns or collaborates on; all apps when
     * {@code memberId} is null.
     */
    public Page<App> list(Connection c, UUID memberId, ListRange range) throws SQLException {
        StringBuilder sql = new StringBuilder(SELECT).append(" WHERE 1 = 1");
        List<Object> params = new ArrayList<>();
        if (memberId != null) {
            sql.append(" AND (a.owner_id = ? OR a.id IN (SELECT k.app_id FROM app_collaborators k WHERE k.user_id = ?))");
            params.add(memberId);
            params.add(memberId);
        }
        if (range.start() != null) {
            String op = range.descending() ? (range.startExclusive() ? "<" : "<=") : (range.startExclusive() ? ">" : ">=");
            sql.append(" AND a.name ").append(op).append(" ?");
            params.add(range.start());
        }
        sql.append(" ORDER BY a.name").append(range.descending() ? " DESC" : "").append(" LIMIT ?");
        params.add(range.max() + 1);
        List<App> apps = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
            for (int i = 0; i < params.size(); i++) {
                ps.setObject(i + 1, params.get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    apps.add(read(rs));
                }
            }
        }
        boolean more = apps.size() > range.max();
        List<App> items = more ? apps.subList(0, range.max()) : apps;
        return new Page<>(items, items.isEmpty() ? null : items.getLast().name().value(), more);
    }

    /** How many apps {@code ownerId} owns. */
    public int countOwnedBy(Connection c, UUID ownerId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM apps WHERE owner_id = ?")) {
            ps.setObject(1, ownerId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    /** Every app's name, for the passes that bring the whole platform's running state in line. */
    public List<String> allNames(Connection c) throws SQLException {
        return Rows.strings(c, "SELECT name FROM apps ORDER BY name");
    }

    public void update(Connection c, App app) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE apps SET name = ?, maintenance = ?, stack = ?, updated_at = ? WHERE id = ?")) {
            ps.setString(1, app.name().value());
            ps.setBoolean(2, app.maintenance());
            ps.setString(3, app.stack());
            Rows.setInstant(ps, 4, app.updatedAt());
            ps.setObject(5, app.id());
            ps.executeUpdate();
        } catch (SQLException e) {
            if (StoreException.isUniqueViolation(e)) {
                throw nameTaken(app.name());
            }
            throw e;
        }
    }

    /** Makes {@code ownerId} the app's owner (an app transfer). */
    public void setOwner(Connection c, UUID appId, UUID ownerId, java.time.Instant updatedAt) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE apps SET owner_id = ?, updated_at = ? WHERE id = ?")) {
            ps.setObject(1, ownerId);
            Rows.setInstant(ps, 2, updatedAt);
            ps.setObject(3, appId);
            ps.executeUpdate();
        }
    }

    public void delete(Connection c, UUID appId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM apps WHERE id = ?")) {
            ps.setObject(1, appId);
            ps.executeUpdate();
        }
    }

    private static App read(ResultSet rs) throws SQLException {
        User owner = new User(Rows.uuid(rs, "owner_id"), rs.getString("owner_email"), rs.getBoolean("owner_admin"),
                Rows.instant(rs, "owner_created_at"));
        return new App(Rows.uuid(rs, "id"), new AppName(rs.getString("name")), owner, rs.getString("stack"),
                rs.getBoolean("maintenance"), Rows.instant(rs, "created_at"), Rows.instant(rs, "updated_at"),
                Rows.instant(rs, "released_at"), rs.getBoolean("acm"));
    }
}
