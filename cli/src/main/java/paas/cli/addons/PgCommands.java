package paas.cli.addons;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Optional;
import paas.cli.command.AppCommand;
import paas.cli.core.CliContext;
import paas.cli.core.CliException;
import paas.cli.core.Json;
import paas.cli.core.JsonOption;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** pg:promote and the PostgreSQL tools: pg:info, pg:psql, pg:reset. */
public final class PgCommands {
  private PgCommands() {}

  /** The path of an add-on's info (pg:info, redis:info). */
  static String infoPath(String app, ToolTarget.Target target) {
    return AddonApi.appAddon(app, target.id()) + "/info";
  }

  @Command(name = "pg:info", description = "Show a PostgreSQL database of the app: plan, status, connections, version,"
      + " data size and tables. Without DATABASE, every PostgreSQL database of the app.",
      footer = {"", "Examples:", "  paas pg:info -a my-app", "  paas pg:info HEROKU_POSTGRESQL_RED -a my-app"})
  public static final class Info extends AppCommand {
    @Parameters(paramLabel = "DATABASE", arity = "0..1", description = "An attachment name (DATABASE,"
        + " HEROKU_POSTGRESQL_RED, or its config var) or the add-on's name.")
    private String database;

    @Mixin
    private JsonOption json;

    public Info(CliContext ctx) {
      super(ctx);
    }

    @Override
    protected void run() {
      String app = app();
      List<ToolTarget.Target> targets = database == null ? ToolTarget.all(api(), app, ToolTarget.Kind.POSTGRESQL)
          : List.of(ToolTarget.one(api(), app, Optional.of(database), ToolTarget.Kind.POSTGRESQL));
      List<JsonNode> infos = targets.stream().map(t -> api().get(infoPath(app, t))).toList();
      if (json.enabled()) {
        out.json(infos.size() == 1 && database != null ? infos.getFirst() : Json.MAPPER.createArrayNode().addAll(infos));
        return;
      }
      for (int i = 0; i < targets.size(); i++) {
        if (i > 0) {
          out.line("");
        }
        out.section(targets.get(i).title(), InfoFormat.postgresql(infos.get(i)));
      }
    }
  }

  @Command(name = "pg:psql", description = "Open psql on a PostgreSQL database of the app, as its owner, attached"
      + " to this terminal; paas exits with psql's exit code. SQL comes from -c or standard input too.",
      footer = {"", "Examples:", "  paas pg:psql -a my-app", "  paas pg:psql -a my-app -c 'select count(*) from notes'",
          "  paas pg:psql HEROKU_POSTGRESQL_RED -a my-app < dump.sql"})
  public static final class Psql extends AddonSession {
    @Parameters(paramLabel = "DATABASE", arity = "0..1", description = "An attachment name (DATABASE,"
        + " HEROKU_POSTGRESQL_RED, or its config var) or the add-on's name; default: the app's DATABASE.")
    private String database;

    @Option(names = {"-c", "--command"}, paramLabel = "SQL", description = "Run this SQL (psql -c) and exit.")
    private String command;

    public Psql(CliContext ctx) {
      super(ctx);
    }

    @Override
    protected void run() {
      if (command != null && command.isBlank()) {
        throw usage("the command is empty: give the SQL to run, e.g. -c 'select 1'");
      }
      String app = app();
      attach(app, ToolTarget.one(api(), app, Optional.ofNullable(database), ToolTarget.Kind.POSTGRESQL),
          Optional.ofNullable(command));
    }
  }

  @Command(name = "pg:reset", description = "Delete all data of a PostgreSQL database of the app: schema public and"
      + " everything in it are dropped and made again, empty. Needs --confirm APP.",
      footer = {"", "Example:", "  paas pg:reset DATABASE -a my-app --confirm my-app"})
  public static final class Reset extends AppCommand {
    @Parameters(paramLabel = "DATABASE", arity = "0..1", description = "An attachment name (DATABASE,"
        + " HEROKU_POSTGRESQL_RED, or its config var) or the add-on's name; default: the app's DATABASE.")
    private String database;

    @Option(names = {"-c", "--confirm"}, paramLabel = "APP", description = "The app's name, to confirm.")
    private String confirm;

    public Reset(CliContext ctx) {
      super(ctx);
    }

    @Override
    protected void run() {
      String app = app();
      ToolTarget.Target target = ToolTarget.one(api(), app, Optional.ofNullable(database), ToolTarget.Kind.POSTGRESQL);
      requireConfirmation(app, confirm, "Destructive Action\nThis command will delete all data in " + target.name()
          + " (" + target.title() + ") of " + app + ", and of every other app it is attached to.");
      out.action("Resetting " + target.name(), () -> api().post(AddonApi.appAddon(app, target.id())
          + "/actions/reset", Json.object().put("confirm", app)));
    }
  }

  @Command(name = "pg:promote", description = "Make a PostgreSQL add-on the app's DATABASE_URL; the database it"
      + " replaces keeps its HEROKU_POSTGRESQL_COLOR_URL. One new release.",
      footer = {"", "Example:", "  paas pg:promote HEROKU_POSTGRESQL_RED -a my-app"})
  public static final class Promote extends AppCommand {
    @Parameters(paramLabel = "DATABASE", description = "The add-on's name or id, or its attachment name on the app"
        + " (e.g. HEROKU_POSTGRESQL_RED).")
    private String database;

    public Promote(CliContext ctx) {
      super(ctx);
    }

    @Override
    protected void run() {
      String app = app();
      JsonNode attachments = api().get(AddonApi.appAttachments(app));
      JsonNode addon = AddonApi.resolve(api(), Optional.of(attachments), database);
      String name = AddonApi.name(addon);
      if (!AddonApi.service(addon).equals(AddonApi.POSTGRESQL_SERVICE)) {
        throw new CliException(name + " is not a PostgreSQL database (it is " + AddonApi.plan(addon)
            + "): only PostgreSQL add-ons become DATABASE_URL");
      }
      Optional<String> current = AddonApi.attachmentNamed(attachments, AddonApi.DATABASE)
          .filter(a -> Json.text(a, "name").equals(AddonApi.DATABASE))
          .map(a -> Json.text(a, "addon", "id"));
      if (current.isPresent()) {
        if (current.get().equals(AddonApi.id(addon))) {
          throw new CliException(name + " is already promoted on " + out.app(app));
        }
        // The platform keeps the replaced database's color attachment; name it, as Heroku's CLI does.
        Optional<String> alias = AddonApi.attachmentsOf(current.get(), attachments).stream()
            .map(a -> Json.text(a, "name")).filter(n -> !n.equals(AddonApi.DATABASE)).findFirst();
        out.action("Ensuring an alternate alias for existing DATABASE_URL")
            .finish(alias.map(a -> a + "_URL").orElse("done"));
      }
      out.action("Promoting " + name + " to DATABASE_URL on " + out.app(app),
          () -> api().post(AddonApi.appAddon(app, AddonApi.id(addon)) + "/actions/promote", Json.object()));
    }
  }
}
