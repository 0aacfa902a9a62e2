package paas.cli.dyno;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import paas.cli.api.ApiClient;
import paas.cli.command.AppCommand;
import paas.cli.core.CliContext;
import paas.cli.core.Json;
import paas.cli.core.Output;
import paas.cli.release.Releases;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * ps:wait, as Heroku's: polls the app's dynos until every one (of a type, or with the one-offs) is up
 * on the newest release or a later one, so a script can go on once a deploy has rolled out.
 */
@Command(name = "ps:wait", description = "Wait until every dyno of the app runs its newest release.",
    footer = {"", "Examples:", "  paas ps:wait -a my-app", "  paas ps:wait --type web --wait-interval 5 -a my-app"})
public final class WaitCommand extends AppCommand {
  static final int MAX_INTERVAL = 3600;

  @Option(names = {"-t", "--type"}, paramLabel = "TYPE", description = "Wait only for the dynos of this process type.")
  private String type;

  @Option(names = {"-R", "--with-run"}, description = "Wait for the one-off (run) dynos too.")
  private boolean withRun;

  @Option(names = {"-w", "--wait-interval"}, paramLabel = "SECONDS", defaultValue = "10",
      description = "Seconds between two looks at the dynos, 1 to " + MAX_INTERVAL + " (default: 10).")
  private int interval;

  public WaitCommand(CliContext ctx) {
    super(ctx);
  }

  @Override
  protected void run() throws InterruptedException {
    if (type != null && withRun) {
      throw usage("--type and --with-run cannot go together: --type run waits for the one-off dynos alone");
    }
    if (interval < 1 || interval > MAX_INTERVAL) {
      throw usage("--wait-interval must be 1 to " + MAX_INTERVAL + " seconds, not " + interval);
    }
    String app = app();
    JsonNode newest = api().get(ApiClient.path("apps", app, "releases"), Releases.newest(1));
    if (!newest.isArray() || newest.isEmpty()) {
      out.warning("App " + out.app(app) + " has no releases");
      return;
    }
    long version = newest.get(0).path("version").asLong();
    Output.Action waiting = null;
    try {
      while (true) {
        Progress progress = progress(api().get(DynoCommands.dynosPath(app)), version);
        if (progress.done()) {
          if (waiting != null) {
            waiting.finish(progress + ", done");
          }
          return;
        }
        if (waiting == null) {
          waiting = out.action("Waiting for every dyno to be running v" + version);
        }
        Thread.sleep(Duration.ofSeconds(interval));
      }
    } finally {
      if (waiting != null) {
        waiting.close();
      }
    }
  }

  /** How many of the dynos waited for are up on the release (or a later one), of how many. */
  record Progress(int onRelease, int all) {
    boolean done() {
      return onRelease == all;
    }

    @Override
    public String toString() {
      return onRelease + " / " + all;
    }
  }

  /** The dynos this command waits for (never release-phase ones), counted against the release. */
  Progress progress(JsonNode dynos, long version) {
    int all = 0;
    int onRelease = 0;
    for (JsonNode dyno : dynos) {
      String dynoType = Json.text(dyno, "type");
      boolean counted = !dynoType.equals("release")
          && (type == null ? withRun || !dynoType.equals(PsLayout.ONE_OFF_TYPE) : dynoType.equals(type));
      if (!counted) {
        continue;
      }
      all++;
      if (Json.text(dyno, "state").equals("up") && dyno.path("release").path("version").asLong(-1) >= version) {
        onRelease++;
      }
    }
    return new Progress(onRelease, all);
  }
}
