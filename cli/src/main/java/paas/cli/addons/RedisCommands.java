package paas.cli.addons;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;
import paas.cli.command.AppCommand;
import paas.cli.core.CliContext;
import paas.cli.core.JsonOption;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** The Redis tools: redis:info and redis:cli. */
public final class RedisCommands {
  private RedisCommands() {}

  @Command(name = "redis:cli", description = "Open redis-cli on a Redis of the app, attached to this terminal;"
      + " commands come from standard input too. paas exits with redis-cli's exit code.",
      footer = {"", "Examples:", "  paas redis:cli -a my-app", "  echo 'GET counter' | paas redis:cli -a my-app"})
  public static final class Cli extends AddonSession {
    @Parameters(paramLabel = "REDIS", arity = "0..1", description = "An attachment name (REDIS, HEROKU_REDIS_BLUE,"
        + " or its config var) or the add-on's name; default: the app's REDIS, or its only Redis.")
    private String redis;

    public Cli(CliContext ctx) {
      super(ctx);
    }

    @Override
    protected void run() {
      String app = app();
      attach(app, ToolTarget.one(api(), app, Optional.ofNullable(redis), ToolTarget.Kind.REDIS), Optional.empty());
    }
  }

  @Command(name = "redis:info", description = "Show a Redis of the app: plan, version, memory, clients,"
      + " persistence and keys.",
      footer = {"", "Examples:", "  paas redis:info -a my-app", "  paas redis:info HEROKU_REDIS_BLUE -a my-app"})
  public static final class Info extends AppCommand {
    @Parameters(paramLabel = "REDIS", arity = "0..1", description = "An attachment name (REDIS, HEROKU_REDIS_BLUE,"
        + " or its config var) or the add-on's name; default: the app's REDIS, or its only Redis.")
    private String redis;

    @Mixin
    private JsonOption json;

    public Info(CliContext ctx) {
      super(ctx);
    }

    @Override
    protected void run() {
      String app = app();
      ToolTarget.Target target = ToolTarget.one(api(), app, Optional.ofNullable(redis), ToolTarget.Kind.REDIS);
      JsonNode info = api().get(PgCommands.infoPath(app, target));
      json.print(out, info, () -> out.section(target.name() + " (" + target.title() + ")", InfoFormat.redis(info)));
    }
  }
}
