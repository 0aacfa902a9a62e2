package paas.cli.addons;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import paas.cli.api.ApiClient;
import paas.cli.command.AppCommand;
import paas.cli.core.CliContext;
import paas.cli.core.CliException;
import paas.cli.core.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * pg:backups and its subcommands, as Heroku's CLI has them: capture, list, info, download, restore,
 * delete, and daily schedules, for the PostgreSQL add-ons of an app (docs/addons.md, "Backups").
 */
public final class PgBackupsCommands {
  static final Duration POLL = Duration.ofSeconds(1);
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss Z", Locale.ROOT).withZone(ZoneOffset.UTC);

  private PgBackupsCommands() {}

  static String backups(String app) {
    return ApiClient.path("apps", app, "backups");
  }

  static String backup(String app, String id) {
    return ApiClient.path("apps", app, "backups", id);
  }

  /** A command about one of the app's PostgreSQL databases, named as Heroku's CLI names them. */
  abstract static class DatabaseCommand extends AppCommand {
    DatabaseCommand(CliContext ctx) {
      super(ctx);
    }

    /** The PostgreSQL add-on {@code typed} names on the app (DATABASE when empty). */
    JsonNode database(String app, String typed) {
      String name = typed == null || typed.isBlank() ? AddonApi.DATABASE : typed;
      JsonNode addon = AddonApi.resolve(api(), Optional.of(api().get(AddonApi.appAttachments(app))), name);
      if (!AddonApi.service(addon).equals(AddonApi.POSTGRESQL_SERVICE)) {
        throw new CliException(AddonApi.name(addon) + " is not a PostgreSQL database (it is " + AddonApi.plan(addon)
            + "): pg:backups works on PostgreSQL add-ons only");
      }
      return addon;
    }

    String addonPath(String app, JsonNode addon, String... rest) {
      List<String> segments = new ArrayList<>(List.of("apps", app, "addons", AddonApi.id(addon)));
      segments.addAll(List.of(rest));
      return ApiClient.path(segments.toArray(String[]::new));
    }

    /** Asks for the transfer until it finished; its last state. */
    JsonNode await(String app, String name) {
      while (true) {
        JsonNode t = api().get(backup(app, name));
        if (!Json.text(t, "status").equals("running")) {
          return t;
        }
        try {
          Thread.sleep(POLL);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new CliException("interrupted; " + name + " goes on: `paas pg:backups:info " + name + " -a " + app
              + "` shows how it ends");
        }
      }
    }

    /** Ends a "... " progress line with done, or fails with the transfer's error. */
    void finish(paas.cli.core.Output.Action action, JsonNode t) {
      if (Json.text(t, "status").equals("completed")) {
        action.done();
        return;
      }
      if (Json.text(t, "status").equals("interrupted")) {
        action.finish("interrupted");
        throw new CliException(Json.text(t, "name") + " was interrupted: " + Json.text(t, "error"));
      }
      action.finish("failed");
      throw new CliException(Json.text(t, "name") + " failed: " + Json.text(t, "error"));
    }
  }

  @Command(name = "pg:backups", description = "List the app's backups and restores.",
      footer = {"", "Example:", "  paas pg:backups -a my-app"})
  public static final class Index extends AppCommand {
    public Index(CliContext ctx) {
      super(ctx);
    }

    @Override
    protected void run() {
      String app = app();
      JsonNode all = api().get(backups(app));
      List<List<String>> made = new ArrayList<>();
      List<List<String>> restores = new ArrayList<>();
      for (JsonNode t : all) {
        if (Json.text(t, "kind").equals("restore")) {
          restores.add(List.of(Json.text(t, "name"), time(t, "started_at"), status(t),
              Json.text(t, "source_backup"), Json.text(t, "addon", "name")));
        } else {
          made.add(List.of(Json.text(t, "name"), time(t, "started_at"), status(t), size(t),
              Json.text(t, "addon", "name")));
        }
      }
      out.header("Backups");
      if (made.isEmpty()) {
        out.line("No backups. Capture one with `paas pg:backups:capture`");
      } else {
        out.table(List.of("ID", "Created at", "Status", "Size", "Database"), made);
      }
      out.line("");
      out.header("Restores");
      if (restores.isEmpty()) {
        out.line("No restores found. Use `paas pg:backups:restore` to restore a backup");
      } else {
        out.table(List.of("ID", "Started at", "Status", "From", "Database"), restores);
      }
    }
  }

  @Command(name = "pg:backups:capture", description = "Capture a backup of a PostgreSQL database (pg_dump -Fc) into"
      + " the platform's data dir; waits until it is done.",
      footer = {"", "Examples:", "  paas pg:backups:capture -a my-app",
          "  paas pg:backups:capture HEROKU_POSTGRESQL_RED -a my-app"})
  public static final class Capture extends DatabaseCommand {
    @Parameters(paramLabel = "DATABASE", arity = "0..1", description = "The database: an attachment name"
        + " (DATABASE, the default) or the add-on's name.")
    private String database;

    public Capture(CliContext ctx) {
      super(ctx);
    }

    @Override
    protected void run() {
      String app = app();
      JsonNode addon = database(app, database);
      String name = AddonApi.name(addon);
      JsonNode started = out.action("Starting backup of " + name,
          () -> api().post(addonPath(app, addon, "backups"), Json.object()));
      String id = Json.text(started, "name");
      out.status("");
      out.status("Use Ctrl-C at any time to stop monitoring progress; the backup will continue running.");
      out.status("Use `paas pg:backups:info " + id + "` to check progress.");
      out.status("");
      try (var action = out.action("Backing up " + name + " to " + id)) {
        finish(action, await(app, id));
      }
    }
  }

  @Command(name = "pg:backups:info", description = "Show one backup (the latest completed one by default).",
      footer = {"", "Example:", "  paas pg:backups:info b001 -a my-app"})
  public static final class Info extends AppCommand {
    @Parameters(paramLabel = "ID", arity = "0..1", description = "The backup's id, e.g. b001; the latest by default.")
    private String id;

    public Info(CliContext ctx) {
      super(ctx);
    }

    @Override
    protected void run() {
      String app = app();
      JsonNode t = api().get(backup(app, id == null ? "latest" : id));
      Map<String, String> fields = new LinkedHashMap<>();
      fields.put("Database", Json.text(t, "addon", "name"));
      fields.put("Started at", time(t, "started_at"));
      fields.put("Finished at", time(t, "finished_at"));
      fields.put("Status", capitalized(Json.text(t, "status")));
      fields.put("Type", capitalized(Json.text(t, "kind")));
      if (Json.text(t, "kind").equals("restore")) {
        fields.put("From backup", Json.text(t, "source_backup"));
      } else {
        fields.put("Backup Size", size(t));
      }
      if (!Json.text(t, "error").isEmpty()) {
        fields.put("Error", Json.text(t, "error"));
      }
      out.section((Json.text(t, "kind").equals("restore") ? "Restore " : "Backup ") + Json.text(t, "name"), fields);
    }
  }

  @Command(name = "pg:backups:download", description = "Download a backup's dump (custom format, for pg_restore);"
      + " the latest completed backup into latest.dump by default.",
      footer = {"", "Examples:", "  paas pg:backups:download -a my-app",
          "  paas pg:backups:download b003 --output shop.dump -a my-app"})
  public static final class Download extends AppCommand {
    @Parameters(paramLabel = "ID", arity = "0..1", description = "The backup's id, e.g. b001; the latest by default.")
    private String id;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Where to write it (latest.dump).")
    private String output = "latest.dump";

    public Download(CliContext ctx) {
      super(ctx);
    }

    @Override
    protected void run() {
      String app = app();
      String name = Json.text(api().get(backup(app, id == null ? "latest" : id)), "name");
      Path target = ctx.cwd().resolve(output);
      Path partial = target.resolveSibling(target.getFileName() + ".part");
      try (var action = out.action("Downloading " + name + " from " + out.app(app) + " to " + output)) {
        long size;
        try (OutputStream file = Files.newOutputStream(partial)) {
          size = api().download(backup(app, name) + "/download", file);
        } catch (IOException e) {
          throw new CliException("cannot write " + partial + ": " + e.getMessage(), e);
        }
        try {
          Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
          throw new CliException("cannot rename " + partial + " to " + target + ": " + e.getMessage(), e);
        }
        action.done(bytes(size));
      } finally {
        try {
          Files.deleteIfExists(partial);
        } catch (IOException ignored) {
          // only a failed download leaves it, and the error says what happened
        }
      }
    }
  }

  @Command(name = "pg:backups:restore", description = "Restore a backup (the latest by default) into a database,"
      + " replacing everything in it, all or nothing. Refused while other connections are open to the database"
      + " unless --force.",
      footer = {"", "Examples:", "  paas pg:backups:restore --confirm my-app -a my-app",
          "  paas pg:backups:restore b003 HEROKU_POSTGRESQL_RED --confirm my-app -a my-app"})
  public static final class Restore extends DatabaseCommand {
    @Parameters(index = "0", paramLabel = "BACKUP", arity = "0..1", description = "The backup's id, e.g. b001; the"
        + " latest by default.")
    private String backupId;

    @Parameters(index = "1", paramLabel = "DATABASE", arity = "0..1", description = "The database to restore into:"
        + " an attachment name (DATABASE, the default) or the add-on's name.")
    private String database;

    @Option(names = {"-c", "--confirm"}, paramLabel = "APP", description = "The app's name, to confirm.")
    private String confirm;

    @Option(names = "--force", description = "Restore even while other connections (the app's dynos) are open.")
    private boolean force;

    public Restore(CliContext ctx) {
      super(ctx);
    }

    @Override
    protected void run() {
      String app = app();
      JsonNode addon = database(app, database);
      String name = AddonApi.name(addon);
      String id = Json.text(api().get(backup(app, backupId == null ? "latest" : backupId)), "name");
      requireConfirmation(app, confirm, "Destructive Action\nThe data in " + name + " will be replaced by backup " + id
          + ". This cannot be undone.");
      JsonNode started = out.action("Starting restore of " + id + " to " + name, () -> api().post(
          addonPath(app, addon, "restores"), Json.object().put("backup", id).put("force", force)));
      String restoreId = Json.text(started, "name");
      out.status("");
      out.status("Use Ctrl-C at any time to stop monitoring progress; the restore will continue running.");
      out.status("Use `paas pg:backups:info " + restoreId + "` to check progress.");
      out.status("");
      try (var action = out.action("Restoring")) {
        finish(action, await(app, restoreId));
      }
    }
  }

  @Command(name = "pg:backups:delete", description = "Delete a backup and its dump.",
      footer = {"", "Example:", "  paas pg:backups:delete b001 --confirm my-app -a my-app"})
  public static final class Delete extends AppCommand {
    @Parameters(paramLabel = "ID", description = "The backup's id, e.g. b001.")
    private String id;

    @Option(names = {"-c", "--confirm"}, paramLabel = "APP", description = "The app's name, to confirm.")
    private String confirm;

    public Delete(CliContext ctx) {
      super(ctx);
    }

    @Override
    protected void run() {
      String app = app();
      requireConfirmation(app, confirm, "Destructive Action\nBackup " + id + " of " + app + " will be deleted.");
      out.action("Deleting backup " + id + " on " + out.app(app), () -> api().delete(backup(app, id)));
    }
  }

  @Command(name = "pg:backups:schedule", description = "Back up a database every day at a time of your choosing,"
      + " on the hour (--at 'HH:00 ZONE').",
      footer = {"", "Example:", "  paas pg:backups:schedule DATABASE --at '02:00 America/New_York' -a my-app"})
  public static final class Schedule extends DatabaseCommand {
    @Parameters(paramLabel = "DATABASE", arity = "0..1", description = "The database: an attachment name"
        + " (DATABASE, the default) or the add-on's name.")
    private String database;

    @Option(names = "--at", required = true, paramLabel = "'HH:00 ZONE'", description = "When: the hour and a time"
        + " zone (an IANA name such as UTC or Europe/Berlin; UTC when left out).")
    private String at;

    public Schedule(CliContext ctx) {
      super(ctx);
    }

    @Override
    protected void run() {
      String app = app();
      JsonNode addon = database(app, database);
      JsonNode schedule = api().put(addonPath(app, addon, "backup-schedule"), Json.objectWith("at", at));
      out.status("Scheduled automatic daily backups of " + AddonApi.name(addon) + " at "
          + Json.text(schedule, "at") + ".");
    }
  }

  @Command(name = "pg:backups:unschedule", description = "Stop a database's daily backups (its backups stay).",
      footer = {"", "Example:", "  paas pg:backups:unschedule DATABASE -a my-app"})
  public static final class Unschedule extends DatabaseCommand {
    @Parameters(paramLabel = "DATABASE", arity = "0..1", description = "The database: an attachment name"
        + " (DATABASE, the default) or the add-on's name.")
    private String database;

    public Unschedule(CliContext ctx) {
      super(ctx);
    }

    @Override
    protected void run() {
      String app = app();
      JsonNode addon = database(app, database);
      out.action("Unscheduling " + AddonApi.name(addon) + " daily backups",
          () -> api().delete(addonPath(app, addon, "backup-schedule")));
    }
  }

  @Command(name = "pg:backups:schedules", description = "List the daily backup schedules of the app's databases.",
      footer = {"", "Example:", "  paas pg:backups:schedules -a my-app"})
  public static final class Schedules extends AppCommand {
    public Schedules(CliContext ctx) {
      super(ctx);
    }

    @Override
    protected void run() {
      String app = app();
      JsonNode all = api().get(ApiClient.path("apps", app, "backup-schedules"));
      if (all.isEmpty()) {
        out.line("No backup schedules found on " + app);
        out.line("Use `paas pg:backups:schedule` to set one up");
        return;
      }
      out.header("Backup Schedules");
      for (JsonNode s : all) {
        out.line(Json.text(s, "addon", "name") + ": daily at " + Json.text(s, "at"));
      }
    }
  }

  private static String status(JsonNode t) {
    return switch (Json.text(t, "status")) {
      case "completed" -> "Completed " + time(t, "finished_at");
      case "failed" -> "Failed " + time(t, "finished_at");
      case "interrupted" -> "Interrupted " + time(t, "finished_at");
      default -> "Running";
    };
  }

  private static String time(JsonNode t, String field) {
    String at = Json.text(t, field);
    return at.isEmpty() ? "" : TIME.format(Instant.parse(at));
  }

  private static String size(JsonNode t) {
    JsonNode size = t.path("size_bytes");
    return size.isNumber() ? bytes(size.asLong()) : "";
  }

  /** 512 B, 1.5 kB, 12.3 MB, 1.1 GB. */
  static String bytes(long n) {
    if (n < 1024) {
      return n + " B";
    }
    String[] units = {"kB", "MB", "GB", "TB"};
    double v = n;
    int unit = -1;
    while (v >= 1024 && unit < units.length - 1) {
      v /= 1024;
      unit++;
    }
    return String.format(Locale.ROOT, "%.1f %s", v, units[unit]);
  }

  private static String capitalized(String s) {
    return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }
}
