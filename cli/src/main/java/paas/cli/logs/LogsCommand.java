package paas.cli.logs;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import paas.cli.command.AppCommand;
import paas.cli.core.CliContext;
import paas.cli.core.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** logs: the app's recent log lines, and with --tail the new ones as they come. */
@Command(name = "logs",
    description = "Show an app's recent log lines (default: the last 100); --tail keeps streaming new ones.",
    footer = {"", "Lines read TIME SOURCE[DYNO]: text, e.g. 2026-11-24T22:00:00.123456+00:00 app[web.1]: listening on 5000.",
        "Platform lines have the source paas, which -s heroku selects too, as Heroku's own lines.",
        "", "Examples:", "  paas logs -a my-app", "  paas logs --tail --source app --process-type web -a my-app",
        "  paas logs --dyno-name web.1 -a my-app", "  paas logs -n 1500 -a my-app > app.log"})
public final class LogsCommand extends AppCommand {
  static final int MAX_LINES = 1500;
  static final List<String> SOURCES = List.of("app", "router", "paas", "build");
  /** Heroku's name for the platform's own lines, which are paas's here. */
  static final String HEROKU_SOURCE = "heroku";

  @Option(names = {"-n", "--num"}, paramLabel = "N", description = "How many recent lines to show, 1 to " + MAX_LINES + " (default: 100).")
  private Integer num;

  @Option(names = {"-t", "--tail"}, description = "Keep streaming new lines until Ctrl-C.")
  private boolean tail;

  @Option(names = {"-s", "--source"}, paramLabel = "SOURCE",
      description = "Only lines from app, router, paas (or heroku, its name on Heroku) or build.")
  private String source;

  @Option(names = {"-d", "--dyno-name", "--dyno"}, paramLabel = "DYNO",
      description = "Only lines of this dyno (web.1); a process type (web) works too.")
  private String dyno;

  @Option(names = {"-p", "--process-type", "--ps"}, paramLabel = "TYPE", description = "Only lines of this process type (web).")
  private String processType;

  @Option(names = "--force-colors", description = "Colour the lines even when stdout is not a terminal.")
  private boolean forceColors;

  @Option(names = "--no-color", description = "Do not colour the lines, even on a terminal.")
  private boolean noColor;

  public LogsCommand(CliContext ctx) {
    super(ctx);
  }

  @Override
  protected void run() {
    if (num != null && (num < 1 || num > MAX_LINES)) {
      throw usage("--num must be 1 to " + MAX_LINES + ", not " + num + " (the platform keeps the last " + MAX_LINES + " lines)");
    }
    String wanted = HEROKU_SOURCE.equals(source) ? "paas" : source;
    if (wanted != null && !SOURCES.contains(wanted)) {
      throw usage("--source must be one of " + String.join(", ", SOURCES) + " (or heroku for paas), not '" + source + "'");
    }
    if (dyno != null && processType != null) {
      throw usage("give --dyno-name or --process-type, not both");
    }
    if (forceColors && noColor) {
      throw usage("give --force-colors or --no-color, not both");
    }
    if (dyno != null && dyno.isBlank()) {
      throw usage("--dyno-name needs a dyno (web.1)");
    }
    if (processType != null && (processType.isBlank() || processType.contains("."))) {
      throw usage("--process-type takes a process type such as web, not '" + processType + "'; for one dyno use --dyno-name web.1");
    }
    String app = app();
    ObjectNode body = Json.object();
    if (num != null) {
      body.put("lines", num.intValue());
    }
    if (tail) {
      body.put("tail", true);
    }
    if (wanted != null) {
      body.put("source", wanted);
    }
    // The API's dyno filter takes a dyno or a process type.
    String only = dyno != null ? dyno : processType;
    if (only != null) {
      body.put("dyno", only);
    }
    boolean colour = forceColors || (!noColor && out.colorOnStdout());
    LogStream.show(api(), out, app, body, colour);
  }
}
