package paas.cli.dyno;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import paas.cli.api.ApiClient;
import paas.cli.core.Json;
import paas.cli.core.Output;

/**
 * Starts a detached one-off dyno (attach false: its output goes to the log stream) and says so as
 * Heroku's run:detached does: "Running `CMD` on ⬢ APP... done, run.1234", then on stdout how to read
 * its output.
 */
final class DetachedStart {
  private DetachedStart() {}

  /** @return the dyno's name */
  static String start(ApiClient api, Output out, String app, ObjectNode body, boolean sayWhereOutputGoes) {
    String line = Json.text(body, "command");
    JsonNode dyno = out.action("Running `" + line + "` on " + out.app(app),
        () -> api.post(DynoCommands.dynosPath(app), body.put("attach", false)), started -> Json.text(started, "name"));
    String name = Json.text(dyno, "name");
    if (sayWhereOutputGoes) {
      out.line("Run paas logs --app " + app + " --dyno " + name + " to view the output.");
    }
    return name;
  }
}
