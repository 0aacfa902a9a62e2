package paas.cli.admin;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import paas.cli.api.ApiClient;
import paas.cli.command.BaseCommand;
import paas.cli.core.CliContext;
import paas.cli.core.Json;
import paas.cli.core.JsonOption;
import paas.cli.core.Listing;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * admin:orphans and admin:orphans:remove: dynos and slugs the platform keeps although its store
 * cannot account for them. Admins only (the API answers 403 to others).
 */
public final class OrphanCommands {
  private OrphanCommands() {}

  /** What the table shows of a 64-character container id or sha256; enough to remove it by. */
  static final int SHORT_ID = 12;

  @Command(name = "admin:orphans",
      description = "List dynos and slugs the store cannot account for (admins only), kept until their grace period ends.",
      footer = {"", "Example:", "  paas admin:orphans"})
  public static final class Orphans extends BaseCommand {
    @Mixin
    private JsonOption json;

    public Orphans(CliContext ctx) {
      super(ctx);
    }

    @Override
    protected void run() {
      Listing.untitled().columns("ID", "Type", "App", "Dyno", "First seen", "Removed after")
          .whenEmpty("No orphans: the store accounts for every dyno and slug.")
          .note("Orphans are kept (dynos run, unrouted) until their time comes. To keep a dyno, restore or"
              + " re-create its app; to remove one now: paas admin:orphans:remove ID --confirm ID")
          .table(out, json, api().get("/admin/orphans"),
              o -> List.of(shortId(Json.text(o, "id")), Json.text(o, "type"), Json.text(o, "app"), Json.text(o, "dyno"),
                  Json.text(o, "first_seen_at"), Json.text(o, "remove_after")));
    }
  }

  @Command(name = "admin:orphans:remove",
      description = "Remove an orphan now (its dyno is killed, its slug deleted), or all of them with --all (admins only).",
      footer = {"", "Examples:", "  paas admin:orphans:remove 3f2a9c1b7d4e --confirm 3f2a9c1b7d4e",
          "  paas admin:orphans:remove --all --confirm all"})
  public static final class Remove extends BaseCommand {
    @Parameters(paramLabel = "ID", arity = "0..1", description = "The orphan's id, or its first characters (at least 4).")
    private String id;

    @Option(names = "--all", description = "Remove every orphan.")
    private boolean all;

    @Option(names = "--confirm", paramLabel = "ID", description = "The ID again (or `all` with --all), to confirm.")
    private String confirm;

    @Mixin
    private JsonOption json;

    public Remove(CliContext ctx) {
      super(ctx);
    }

    @Override
    protected void run() {
      if (all == (id != null)) {
        throw usage("give one orphan's ID, or --all (see `paas admin:orphans`)");
      }
      String expected = all ? "all" : id;
      String what = all ? "every orphan" : "orphan " + id;
      requireConfirmation(expected, confirm, "This will remove " + what + " for good: a dyno is killed, a slug deleted.");
      JsonNode removed = out.action(all ? "Removing all orphans" : "Removing orphan " + id,
          () -> api().delete(all ? "/admin/orphans" : ApiClient.path("admin", "orphans", id)),
          answer -> all ? answer.size() + " removed" : describe(answer));
      json.print(out, removed, () -> {
        if (all) {
          removed.forEach(o -> out.line(Json.text(o, "id") + " " + describe(o)));
        }
      });
    }
  }

  static String describe(JsonNode o) {
    return Json.text(o, "type").equals("dyno")
        ? "dyno " + Json.text(o, "dyno") + " of " + Json.text(o, "app")
        : "slug " + shortId(Json.text(o, "id"));
  }

  static String shortId(String id) {
    return id.length() > SHORT_ID ? id.substring(0, SHORT_ID) : id;
  }
}
