package paas.cli.formation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import paas.cli.api.ApiClient;
import paas.cli.command.AppCommand;
import paas.cli.core.CliContext;
import paas.cli.core.CliException;
import paas.cli.core.Json;
import paas.cli.core.JsonOption;
import paas.vocabulary.DynoSize;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** scale: show the formation, or change it in one batch. */
@Command(name = "scale", aliases = "ps:scale",
    description = "Show the formation as TYPE=QTY:SIZE, or scale process types in one batch (no release is made).",
    footer = {"", "Sizes in any case, and by Heroku's names: Standard-2X, standard-2x, Eco, Performance-M.", "",
        "Examples:", "  paas scale -a my-app", "  paas scale web=3 worker=1 -a my-app", "  paas scale web+1 -a my-app",
        "  paas scale web=2:Standard-2X -a my-app"})
public final class ScaleCommand extends AppCommand {
  @Mixin
  private JsonOption json;

  @Parameters(paramLabel = "CHANGE", arity = "0..*", description = "TYPE=QUANTITY[:SIZE], TYPE+N or TYPE-N.")
  private List<String> args = new ArrayList<>();

  public ScaleCommand(CliContext ctx) {
    super(ctx);
  }

  @Override
  protected void run() {
    List<ScaleChange> changes = parsed(() -> ScaleChange.parseAll(args));
    String app = app();
    String path = ApiClient.path("apps", app, "formation");
    if (changes.isEmpty()) {
      JsonNode formation = api().get(path);
      json.print(out, formation, () -> show(app, formation));
      return;
    }
    if (json.enabled()) {
      throw usage("--json shows the formation; leave out the changes, or drop --json to scale");
    }
    Map<String, Integer> current = new HashMap<>();
    if (changes.stream().anyMatch(ScaleChange::relative)) {
      for (JsonNode entry : api().get(path)) {
        current.put(Json.text(entry, "type"), entry.path("quantity").asInt());
      }
    }
    ArrayNode updates = Json.MAPPER.createArrayNode();
    for (ScaleChange change : changes) {
      int now = current.getOrDefault(change.type(), 0);
      int quantity = change.quantity(now);
      if (quantity < 0) {
        throw new CliException("cannot scale " + change.type() + " by " + change.amount() + ": it runs " + now
            + " now, and a quantity cannot go below 0");
      }
      ObjectNode update = updates.addObject().put("type", change.type()).put("quantity", quantity);
      change.size().ifPresent(size -> update.put("size", size));
    }
    ObjectNode body = Json.object();
    body.set("updates", updates);
    out.action("Scaling dynos", () -> api().patch(path, body), formation -> {
      String running = running(formation, changes);
      return running.isEmpty() ? "" : "now running " + running;
    });
  }

  private void show(String app, JsonNode formation) {
    List<String> entries = new ArrayList<>();
    for (JsonNode entry : formation) {
      entries.add(Json.text(entry, "type") + "=" + entry.path("quantity").asInt() + ":" + shownSize(entry));
    }
    if (entries.isEmpty()) {
      out.status(app + " has no process types yet: deploy a Procfile, or record one with `paas scale web=1`");
      return;
    }
    out.line(String.join(" ", entries));
  }

  /** An entry's size as Heroku prints it (Standard-1X), which scale reads back. */
  private static String shownSize(JsonNode entry) {
    return DynoSize.herokuName(Json.text(entry, "size"));
  }

  /** "web at 3:Standard-1X, worker at 1:Standard-1X" for the types that were scaled, in their order. */
  private static String running(JsonNode formation, List<ScaleChange> changes) {
    List<String> parts = new ArrayList<>();
    for (ScaleChange change : changes) {
      for (JsonNode entry : formation) {
        if (Json.text(entry, "type").equals(change.type())) {
          parts.add(change.type() + " at " + entry.path("quantity").asInt() + ":" + shownSize(entry));
        }
      }
    }
    return String.join(", ", parts);
  }
}
