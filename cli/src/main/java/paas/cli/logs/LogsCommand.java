package paas.cli.logs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import paas.cli.api.ApiClient;
import paas.cli.command.AppCommand;
import paas.cli.core.CliContext;
import paas.cli.core.CliException;
import paas.cli.core.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** logs: the app's recent log lines, and with --tail the new ones as they come. */
@Command(name = "logs",
    description = "Show an app's recent log lines (default: the last 100); --tail keeps streaming new ones.",
    footer = {"", "Lines read TIME SOURCE[DYNO]: text, e.g. 2026-11-24T22:00:00.123456+00:00 app[web.1]: listening on 5000.",
        "", "Examples:", "  paas logs -a my-app", "  paas logs --tail --source app --dyno web -a my-app",
        "  paas logs -n 1500 -a my-app > app.log"})
public final class LogsCommand extends AppCommand {
  static final int MAX_LINES = 1500;
  static final List<String> SOURCES = List.of("app", "router", "paas", "build");

  @Option(names = {"-n", "--num"}, paramLabel = "N", description = "How many recent lines to show, 1 to " + MAX_LINES + " (default: 100).")
  private Integer num;

  @Option(names = {"-t", "--tail"}, description = "Keep streaming new lines until Ctrl-C.")
  private boolean tail;

  @Option(names = {"-s", "--source"}, paramLabel = "SOURCE", description = "Only lines from app, router, paas or build.")
  private String source;

  @Option(names = {"-d", "--dyno"}, paramLabel = "DYNO", description = "Only lines of a process type (web) or a dyno (web.1).")
  private String dyno;

  public LogsCommand(CliContext ctx) {
    super(ctx);
  }

  @Override
  protected void run() {
    if (num != null && (num < 1 || num > MAX_LINES)) {
      throw usage("--num must be 1 to " + MAX_LINES + ", not " + num + " (the platform keeps the last " + MAX_LINES + " lines)");
    }
    if (source != null && !SOURCES.contains(source)) {
      throw usage("--source must be one of " + String.join(", ", SOURCES) + ", not '" + source + "'");
    }
    if (dyno != null && dyno.isBlank()) {
      throw usage("--dyno needs a process type (web) or a dyno (web.1)");
    }
    String app = app();
    ObjectNode body = Json.object();
    if (num != null) {
      body.put("lines", num.intValue());
    }
    if (tail) {
      body.put("tail", true);
    }
    if (source != null) {
      body.put("source", source);
    }
    if (dyno != null) {
      body.put("dyno", dyno);
    }
    JsonNode session = api().post(ApiClient.path("apps", app, "log-sessions"), body);
    String url = Json.text(session, "logplex_url");
    if (url.isEmpty()) {
      throw new CliException("the API opened a log session for " + app + " without a logplex_url to read it from");
    }
    boolean colour = out.colorOnStdout();
    api().streamLines(url, line -> {
      out.line(colour ? LogColours.colour(line) : line);
      out.flush();
    });
  }
}
