package paas.api.store;

import paas.api.domain.Build;
import paas.api.domain.SlugRecord;
import paas.api.domain.Stack;
import paas.api.domain.User;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/** Builds, their output, the slugs they made, and each app's chosen buildpacks. */
public final class BuildStore {
    /** Build output kept per build; the start is dropped first, as the end says how it went. */
    public static final int MAX_OUTPUT_CHARS = 1_000_000;

    private static final String SELECT = """
            SELECT b.id, b.app_id, b.status, b.commit_sha, b.slug_id, b.release_id, b.created_at, b.updated_at,
                   u.id AS user_id, u.email AS user_email, u.admin AS user_admin, u.created_at AS user_created_at
              FROM builds b LEFT JOIN users u ON u.id = b.user_id
            """;

    public void insert(Connection c, Build build) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO builds (id, app_id, status, commit_sha, user_id, slug_id, release_id, output, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, NULL, NULL, '', ?, ?)""")) {
            ps.setObject(1, build.id());
            ps.setObject(2, build.appId());
            ps.setString(3, build.status().name());
            ps.setString(4, build.commit());
            ps.setObject(5, build.user() == null ? null : build.user().id());
            Rows.setInstant(ps, 6, build.createdAt());
            Rows.setInstant(ps, 7, build.updatedAt());
            ps.executeUpdate();
        }
    }

    public void finish(Connection c, UUID buildId, Build.Status status, UUID slugId, UUID releaseId, String output,
                       Instant at) throws SQLException {
        String kept = output.length() > MAX_OUTPUT_CHARS ? output.substring(output.length() - MAX_OUTPUT_CHARS) : output;
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE builds SET status = ?, slug_id = ?, release_id = ?, output = ?, updated_at = ? WHERE id = ?")) {
            ps.setString(1, status.name());
            ps.setObject(2, slugId);
            ps.setObject(3, releaseId);
            ps.setString(4, kept);
            Rows.setInstant(ps, 5, at);
            ps.setObject(6, buildId);
            ps.executeUpdate();
        }
    }

    /**
     * Marks failed the builds a stopped paasd left pending: nothing finishes them any more, and a
     * build shown as running for ever would hide that its push got no answer. {@code note} is
     * appended to their output. Answers how many there were.
     */
    public int failInterrupted(Connection c, String note, Instant at) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE builds SET status = ?, output = output || ?, updated_at = ? WHERE status = ?")) {
            ps.setString(1, Build.Status.FAILED.name());
            ps.setString(2, note);
            Rows.setInstant(ps, 3, at);
            ps.setString(4, Build.Status.PENDING.name());
            return ps.executeUpdate();
        }
    }

    public List<Build> list(Connection c, UUID appId) throws SQLException {
        List<Build> builds = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(SELECT + " WHERE b.app_id = ? ORDER BY b.created_at, b.id")) {
            ps.setObject(1, appId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    builds.add(read(rs));
                }
            }
        }
        return builds;
    }

    public Optional<Build> find(Connection c, UUID appId, UUID buildId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SELECT + " WHERE b.app_id = ? AND b.id = ?")) {
            ps.setObject(1, appId);
            ps.setObject(2, buildId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(read(rs)) : Optional.empty();
            }
        }
    }

    public String output(Connection c, UUID buildId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT output FROM builds WHERE id = ?")) {
            ps.setObject(1, buildId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : "";
            }
        }
    }

    public void insertSlug(Connection c, SlugRecord slug) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO slugs (id, app_id, sha256, size_bytes, commit_sha, buildpack, stack, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)""")) {
            ps.setObject(1, slug.id());
            ps.setObject(2, slug.appId());
            ps.setString(3, slug.sha256());
            ps.setLong(4, slug.sizeBytes());
            ps.setString(5, slug.commit());
            ps.setString(6, slug.buildpack());
            ps.setString(7, slug.stack());
            Rows.setInstant(ps, 8, slug.createdAt());
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO slug_process_types (slug_id, type, command) VALUES (?, ?, ?)")) {
            for (Map.Entry<String, String> e : slug.processTypes().entrySet()) {
                ps.setObject(1, slug.id());
                ps.setString(2, e.getKey());
                ps.setString(3, e.getValue());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** The sha256 of every slug file the app's records name (images, which are no files, left out). */
    public Set<String> slugFilesOf(Connection c, UUID appId) throws SQLException {
        Set<String> shas = new HashSet<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT DISTINCT sha256 FROM slugs WHERE app_id = ? AND stack <> ?")) {
            ps.setObject(1, appId);
            ps.setString(2, Stack.CONTAINER);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    shas.add(rs.getString(1).strip());
                }
            }
        }
        return shas;
    }

    /** Those of the given sha256s that some slug record, of any app, names. */
    public Set<String> namedSlugs(Connection c, Set<String> sha256s) throws SQLException {
        Set<String> named = new HashSet<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM slugs WHERE sha256 = ? FETCH FIRST 1 ROWS ONLY")) {
            for (String sha : sha256s) {
                ps.setString(1, sha);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        named.add(sha);
                    }
                }
            }
        }
        return named;
    }

    public Optional<SlugRecord> findSlug(Connection c, UUID appId, UUID slugId) throws SQLException {
        Map<String, String> types = new TreeMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT type, command FROM slug_process_types WHERE slug_id = ?")) {
            ps.setObject(1, slugId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    types.put(rs.getString("type"), rs.getString("command"));
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT * FROM slugs WHERE app_id = ? AND id = ?")) {
            ps.setObject(1, appId);
            ps.setObject(2, slugId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new SlugRecord(Rows.uuid(rs, "id"), appId, rs.getString("sha256").strip(),
                        rs.getLong("size_bytes"), rs.getString("commit_sha"), rs.getString("buildpack"),
                        rs.getString("stack"), types, Rows.instant(rs, "created_at")));
            }
        }
    }

    public List<String> buildpacks(Connection c, UUID appId) throws SQLException {
        List<String> buildpacks = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT buildpack FROM app_buildpacks WHERE app_id = ? ORDER BY ordinal")) {
            ps.setObject(1, appId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    buildpacks.add(rs.getString(1));
                }
            }
        }
        return buildpacks;
    }

    public void replaceBuildpacks(Connection c, UUID appId, List<String> buildpacks) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM app_buildpacks WHERE app_id = ?")) {
            ps.setObject(1, appId);
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO app_buildpacks (app_id, ordinal, buildpack) VALUES (?, ?, ?)")) {
            for (int i = 0; i < buildpacks.size(); i++) {
                ps.setObject(1, appId);
                ps.setInt(2, i + 1);
                ps.setString(3, buildpacks.get(i));
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private static Build read(ResultSet rs) throws SQLException {
        UUID userId = Rows.uuid(rs, "user_id");
        User user = userId == null ? null : new User(userId, rs.getString("user_email"), rs.getBoolean("user_admin"),
                Rows.instant(rs, "user_created_at"));
        return new Build(Rows.uuid(rs, "id"), Rows.uuid(rs, "app_id"), Build.Status.valueOf(rs.getString("status")),
                rs.getString("commit_sha"), user, Rows.uuid(rs, "slug_id"), Rows.uuid(rs, "release_id"),
                Rows.instant(rs, "created_at"), Rows.instant(rs, "updated_at"));
    }
}
