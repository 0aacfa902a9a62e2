package paas.cli.release;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;
import paas.cli.api.ApiClient;
import paas.cli.core.CliException;
import paas.cli.core.Json;
import paas.vocabulary.ReleaseVersion;

/** Release look-ups shared by several commands. */
public final class Releases {
  /** How far back the default of releases:info and rollback looks for the current release. */
  static final int LOOK_BACK = 100;

  private Releases() {}

  /** "version ..; max=N, order=desc": the newest N releases, newest first. */
  public static String newest(int max) {
    return "version ..; max=" + max + ", order=desc";
  }

  /** "vN" of the app's newest release, or "" when it has none (used in "done, v7"). */
  public static String newestVersion(ApiClient api, String app) {
    JsonNode list = api.get(ApiClient.path("apps", app, "releases"), newest(1));
    return list.isArray() && !list.isEmpty() ? "v" + Json.text(list.get(0), "version") : "";
  }

  /** The newest releases, newest first. */
  static JsonNode recent(ApiClient api, String app) {
    return api.get(ApiClient.path("apps", app, "releases"), newest(LOOK_BACK));
  }

  /** The release marked current among the recent ones, else the newest. */
  static JsonNode current(JsonNode recent, String app) {
    if (!recent.isArray() || recent.isEmpty()) {
      throw new CliException(app + " has no releases");
    }
    for (JsonNode release : recent) {
      if (release.path("current").asBoolean(false)) {
        return release;
      }
    }
    return recent.get(0);
  }

  /** The newest of the recent releases (they come newest first). */
  static JsonNode newest(JsonNode recent, String app) {
    if (!recent.isArray() || recent.isEmpty()) {
      throw new CliException(app + " has no releases");
    }
    return recent.get(0);
  }

  /** Whether the release succeeded; one with no status (an older API) counts as succeeded. */
  static boolean succeeded(JsonNode release) {
    String status = Json.text(release, "status");
    return status.isEmpty() || status.equals("succeeded");
  }

  /**
   * The newest succeeded release older than the current one that has a slug (one made before the
   * first deploy has none, and nothing could run from it): what a bare `rollback` goes back to.
   */
  static Optional<JsonNode> beforeCurrent(JsonNode recent, String app) {
    long current = current(recent, app).path("version").asLong();
    for (JsonNode release : recent) {
      if (release.path("version").asLong() < current && succeeded(release) && !release.path("slug").isNull()) {
        return Optional.of(release);
      }
    }
    return Optional.empty();
  }

  /**
   * What a user may type for a release: "v5" or "5" (the version), or a release id.
   *
   * @throws IllegalArgumentException with the accepted forms
   */
  public static String parseRef(String ref) {
    Optional<ReleaseVersion> version = ReleaseVersion.parse(ref);
    if (version.isPresent()) {
      return String.valueOf(version.get().value());
    }
    if (ref.matches("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")) {
      return ref;
    }
    throw new IllegalArgumentException("'" + ref + "' is not a release: give a version like v5 (or 5), or a release id");
  }
}
