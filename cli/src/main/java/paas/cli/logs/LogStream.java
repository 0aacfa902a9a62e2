package paas.cli.logs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import paas.cli.api.ApiClient;
import paas.cli.core.CliException;
import paas.cli.core.Json;
import paas.cli.core.Output;

/**
 * Opens a log session and prints its lines on stdout as they come, coloured or not: what `paas logs`
 * does, and `paas run:detached --tail` for its dyno.
 */
public final class LogStream {
  private LogStream() {}

  /**
   * @param session the log-sessions request: lines, tail, source, dyno
   */
  public static void show(ApiClient api, Output out, String app, ObjectNode session, boolean colour) {
    JsonNode opened = api.post(ApiClient.path("apps", app, "log-sessions"), session);
    String url = Json.text(opened, "logplex_url");
    if (url.isEmpty()) {
      throw new CliException("the API opened a log session for " + app + " without a logplex_url to read it from");
    }
    api.streamLines(url, line -> {
      out.line(colour ? LogColours.colour(line) : line);
      out.flush();
    });
  }

  /** A session that follows one dyno's lines from now on (with the recent ones it has). */
  public static ObjectNode followDyno(String dyno) {
    return Json.object().put("tail", true).put("dyno", dyno);
  }
}
