package paas.api.store;

import paas.api.domain.ConfigVars;
import paas.api.domain.Release;
import paas.api.domain.User;

import paas.vocabulary.ReleaseVersion;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Releases, each with its own copy of config vars and process types. Rows are only ever
 * inserted: a release never changes once written, except a pending release's status when its
 * release phase ends. Methods run inside the caller's transaction;
 * callers hold the app's lock ({@link AppStore#lock}) when they create one.
 */
public final class ReleaseStore {
    private final SecretBox secrets;

    /** {@code secrets} seals each release's copy of the config values ({@link SecretColumn#RELEASE_CONFIG_VAR}). */
    public ReleaseStore(SecretBox secrets) {
        this.secrets = secrets;
    }

    private static final String SELECT = """
            SELECT r.id, r.app_id, r.version, r.description, r.status, r.slug_id, r.created_at, r.updated_at,
                   u.id AS user_id, u.email AS user_email, u.admin AS user_admin, u.created_at AS user_created_at,
                   CASE WHEN r.version = (SELECT MAX(c.version) FROM releases c
                                           WHERE c.app_id = r.app_id AND c.status = 'SUCCEEDED')
                        THEN TRUE ELSE FALSE END AS is_current
              FROM releases r LEFT JOIN users u ON u.id = r.user_id
             WHERE r.app_id = ?
            """;

    /** What a new release is made of; the store gives it its version. */
    public record NewRelease(UUID id, UUID appId, String description, Release.Status status, UUID slugId,
                             User user, ConfigVars config, Map<String, String> processTypes,
                             java.time.Instant createdAt) {
    }

    public Release insert(Connection c, NewRelease release) throws SQLException {
        int version = nextVersion(c, release.appId());
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO releases (id, app_id, version, description, status, slug_id, user_id, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
            ps.setObject(1, release.id());
            ps.setObject(2, release.appId());
            ps.setInt(3, version);
            ps.setString(4, release.description());
            ps.setString(5, release.status().name());
            ps.setObject(6, release.slugId());
            ps.setObject(7, release.user() == null ? null : release.user().id());
            Rows.setInstant(ps, 8, release.createdAt());
            Rows.setInstant(ps, 9, release.createdAt());
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO release_config_vars (release_id, var_name, var_sealed) VALUES (?, ?, ?)")) {
            for (Map.Entry<String, String> e : release.config().values().entrySet()) {
                ps.setObject(1, release.id());
                ps.setString(2, e.getKey());
                ps.setBytes(3, SecretColumn.RELEASE_CONFIG_VAR.seal(secrets, e.getValue(), release.id(), e.getKey()));
                ps.addBatch();
            }
            ps.executeBatch();
        }
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO release_process_types (release_id, type, command) VALUES (?, ?, ?)")) {
            for (Map.Entry<String, String> e : release.processTypes().entrySet()) {
                ps.setObject(1, release.id());
                ps.setString(2, e.getKey());
                ps.setString(3, e.getValue());
                ps.addBatch();
            }
            ps.executeBatch();
        }
        return find(c, release.appId(), Integer.toString(version)).orElseThrow();
    }

    /**
     * Ends a pending release's release phase: {@code SUCCEEDED} makes it current (when it is the
     * newest succeeded one), {@code FAILED} leaves the current release live. Answers whether the
     * release was still pending (so two finishers cannot both act).
     */
    public boolean finishPending(Connection c, UUID releaseId, Release.Status status, java.time.Instant at)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE releases SET status = ?, updated_at = ? WHERE id = ? AND status = 'PENDING'")) {
            ps.setString(1, status.name());
            Rows.setInstant(ps, 2, at);
            ps.setObject(3, releaseId);
            return ps.executeUpdate() == 1;
        }
    }

    /**
     * Keeps the output of the release's release phase (its last {@link BuildStore#MAX_OUTPUT_CHARS}
     * characters, as for builds); once per release.
     */
    public void insertOutput(Connection c, UUID releaseId, String output, java.time.Instant at) throws SQLException {
        String kept = output.length() > BuildStore.MAX_OUTPUT_CHARS
                ? output.substring(output.length() - BuildStore.MAX_OUTPUT_CHARS) : output;
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO release_outputs (release_id, output, created_at) VALUES (?, ?, ?)")) {
            ps.setObject(1, releaseId);
            ps.setString(2, kept);
            Rows.setInstant(ps, 3, at);
            ps.executeUpdate();
        }
    }

    /** The output of the release's release phase, once it finished; empty before, or without one. */
    public Optional<String> output(Connection c, UUID releaseId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT output FROM release_outputs WHERE release_id = ?")) {
            ps.setObject(1, releaseId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
    }

    /** The newest pending release of the app, if it is newer than every succeeded one. */
    public Optional<Release> pendingAfterCurrent(Connection c, UUID appId) throws SQLException {
        String sql = SELECT + " AND r.status = 'PENDING' AND r.version > (SELECT COALESCE(MAX(s.version), 0)"
                + " FROM releases s WHERE s.app_id = r.app_id AND s.status = 'SUCCEEDED') ORDER BY r.version DESC LIMIT 1";
        return query(c, appId, sql).stream().findFirst();
    }

    private int nextVersion(Connection c, UUID appId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT COALESCE(MAX(version), 0) + 1 FROM releases WHERE app_id = ?")) {
            ps.setObject(1, appId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    /** A release by id, or by version as {@code 5} or {@code v5}. */
    public Optional<Release> find(Connection c, UUID appId, String idOrVersion) throws SQLException {
        UUID id = Uuids.orNull(idOrVersion);
        Integer version = id == null ? parseVersion(idOrVersion) : null;
        if (id == null && version == null) {
            return Optional.empty();
        }
        String sql = SELECT + (id != null ? " AND r.id = ?" : " AND r.version = ?");
        List<Release> found = query(c, appId, sql, id != null ? id : version);
        return found.stream().findFirst();
    }

    static Integer parseVersion(String s) {
        return ReleaseVersion.parse(s).map(ReleaseVersion::value).orElse(null);
    }

    /** The newest succeeded release older than {@code version} that has a slug: one a rollback can go to. */
    public Optional<Release> newestWithSlugBefore(Connection c, UUID appId, int version) throws SQLException {
        String sql = SELECT + " AND r.status = 'SUCCEEDED' AND r.slug_id IS NOT NULL AND r.version < ?"
                + " ORDER BY r.version DESC LIMIT 1";
        return query(c, appId, sql, version).stream().findFirst();
    }

    public Optional<Release> current(Connection c, UUID appId) throws SQLException {
        String sql = SELECT + " AND r.status = 'SUCCEEDED' ORDER BY r.version DESC LIMIT 1";
        return query(c, appId, sql).stream().findFirst();
    }

    public Page<Release> list(Connection c, UUID appId, ListRange range) throws SQLException {
        StringBuilder sql = new StringBuilder(SELECT);
        List<Object> params = new ArrayList<>();
        if (range.start() != null) {
            Integer start = parseVersion(range.start());
            if (start != null) {
                String op = range.descending() ? (range.startExclusive() ? "<" : "<=") : (range.startExclusive() ? ">" : ">=");
                sql.append(" AND r.version ").append(op).append(" ?");
                params.add(start);
            }
        }
        sql.append(" ORDER BY r.version").append(range.descending() ? " DESC" : "").append(" LIMIT ?");
        params.add(range.max() + 1);
        List<Release> releases = query(c, appId, sql.toString(), params.toArray());
        boolean more = releases.size() > range.max();
        List<Release> items = more ? releases.subList(0, range.max()) : releases;
        return new Page<>(items, items.isEmpty() ? null : Integer.toString(items.getLast().version()), more);
    }

    public ConfigVars configOf(Connection c, UUID releaseId) throws SQLException {
        Map<String, String> values = new TreeMap<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT var_name, var_value, var_sealed FROM release_config_vars WHERE release_id = ?")) {
            ps.setObject(1, releaseId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String name = rs.getString("var_name");
                    values.put(name, SecretColumn.RELEASE_CONFIG_VAR.read(rs, secrets, releaseId, name));
                }
            }
        }
        return new ConfigVars(values);
    }

    private List<Release> query(Connection c, UUID appId, String sql, Object... params) throws SQLException {
        List<Release> withoutTypes = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, appId);
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 2, params[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    UUID userId = Rows.uuid(rs, "user_id");
                    User user = userId == null ? null : new User(userId, rs.getString("user_email"),
                            rs.getBoolean("user_admin"), Rows.instant(rs, "user_created_at"));
                    withoutTypes.add(new Release(Rows.uuid(rs, "id"), appId, rs.getInt("version"),
                            rs.getString("description"), Release.Status.valueOf(rs.getString("status")),
                            Rows.uuid(rs, "slug_id"), user, Rows.instant(rs, "created_at"),
                            Rows.instant(rs, "updated_at"), rs.getBoolean("is_current"), Map.of()));
                }
            }
        }
        Map<UUID, Map<String, String>> processTypes = processTypesOf(c, withoutTypes.stream().map(Release::id).toList());
        return withoutTypes.stream().map(r -> new Release(r.id(), r.appId(), r.version(), r.description(), r.status(),
                r.slugId(), r.user(), r.createdAt(), r.updatedAt(), r.current(),
                processTypes.getOrDefault(r.id(), Map.of()))).toList();
    }

    /** Process types of just these releases: an app's whole history is never read for one page. */
    private Map<UUID, Map<String, String>> processTypesOf(Connection c, List<UUID> releaseIds) throws SQLException {
        Map<UUID, Map<String, String>> byRelease = new HashMap<>();
        if (releaseIds.isEmpty()) {
            return byRelease;
        }
        String marks = String.join(", ", java.util.Collections.nCopies(releaseIds.size(), "?"));
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT release_id, type, command FROM release_process_types WHERE release_id IN (" + marks + ")")) {
            for (int i = 0; i < releaseIds.size(); i++) {
                ps.setObject(i + 1, releaseIds.get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    byRelease.computeIfAbsent(Rows.uuid(rs, "release_id"), k -> new TreeMap<>())
                            .put(rs.getString("type"), rs.getString("command"));
                }
            }
        }
        return byRelease;
    }
}
