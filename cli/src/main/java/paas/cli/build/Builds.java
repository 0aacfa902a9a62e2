package paas.cli.build;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import paas.cli.api.ApiClient;
import paas.cli.core.CliException;
import paas.cli.core.Json;

/** Build look-ups shared by builds, builds:info and builds:output. */
final class Builds {
  /** How many characters of an id `paas builds` shows, and the shortest prefix a user may type. */
  static final int SHORT_ID = 8;
  private static final Pattern FULL_ID =
      Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
  private static final Pattern PREFIX = Pattern.compile("[0-9a-fA-F]{8}[0-9a-fA-F-]{0,28}");

  private Builds() {}

  static String buildsPath(String app) {
    return ApiClient.path("apps", app, "builds");
  }

  /** The first 8 characters of the id, as `paas builds` shows it. */
  static String shortId(JsonNode build) {
    return abbreviate(Json.text(build, "id"), SHORT_ID);
  }

  /** The first 7 characters of the pushed commit, as git and "Deploy 1a2b3c4" show it. */
  static String shortCommit(JsonNode build) {
    return abbreviate(Json.text(build, "source_blob", "version"), 7);
  }

  private static String abbreviate(String text, int length) {
    return text.length() <= length ? text : text.substring(0, length);
  }

  /** The app's builds, newest first (the API lists them oldest first). */
  static List<JsonNode> newestFirst(ApiClient api, String app) {
    List<JsonNode> builds = new ArrayList<>();
    api.get(buildsPath(app)).forEach(builds::add);
    return builds.reversed();
  }

  /** What to say when an app has no build yet. */
  static String noBuilds(String app) {
    return app + " has no builds yet: `git push paas main` builds one (`paas git:remote -a " + app
        + "` adds the remote)";
  }

  /**
   * Checks what a user typed for a build: a whole id, or its first 8 or more characters.
   *
   * @throws IllegalArgumentException with the accepted forms
   */
  static String parseRef(String ref) {
    if (FULL_ID.matcher(ref).matches() || PREFIX.matcher(ref).matches()) {
      return ref.toLowerCase(Locale.ROOT);
    }
    throw new IllegalArgumentException("'" + ref + "' is not a build id: give a build's id or its first "
        + SHORT_ID + " or more characters, as `paas builds` shows them");
  }

  static boolean isFullId(String ref) {
    return FULL_ID.matcher(ref).matches();
  }

  /** The id of the build ref names (from parseRef; null for the newest): a whole id needs no request. */
  static String id(ApiClient api, String app, String ref) {
    return ref != null && isFullId(ref) ? ref : Json.text(find(api, app, ref), "id");
  }

  /** The build ref names (from parseRef; null for the newest). */
  static JsonNode get(ApiClient api, String app, String ref) {
    return ref != null && isFullId(ref) ? api.get(ApiClient.path("apps", app, "builds", ref)) : find(api, app, ref);
  }

  /** The newest build, or the one listed build whose id starts with the prefix. */
  private static JsonNode find(ApiClient api, String app, String prefix) {
    List<JsonNode> builds = newestFirst(api, app);
    if (prefix == null) {
      if (builds.isEmpty()) {
        throw new CliException(noBuilds(app));
      }
      return builds.getFirst();
    }
    String wanted = prefix.replace("-", "");
    List<JsonNode> matches = builds.stream()
        .filter(b -> Json.text(b, "id").toLowerCase(Locale.ROOT).replace("-", "").startsWith(wanted))
        .toList();
    if (matches.isEmpty()) {
      throw new CliException("no build of " + app + " has an id starting with " + prefix + ": `paas builds -a " + app
          + "` lists them");
    }
    if (matches.size() > 1) {
      List<String> ids = matches.stream().map(b -> Json.text(b, "id")).toList();
      throw new CliException(prefix + " matches " + matches.size() + " builds of " + app + " (" + String.join(", ", ids)
          + "): give more of the id");
    }
    return matches.getFirst();
  }
}
