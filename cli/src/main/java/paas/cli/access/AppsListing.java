package paas.cli.access;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import paas.cli.core.Json;
import paas.cli.core.Output;

/**
 * How `paas apps` prints the apps, as Heroku's CLI does: "=== EMAIL Apps" with the names of the
 * caller's own apps, then "Collaborated Apps", a table of the others with their owners (for an
 * admin, every other app on the platform).
 */
public final class AppsListing {
  private AppsListing() {}

  public static void print(Output out, JsonNode apps, String email) {
    List<String> owned = new ArrayList<>();
    List<List<String>> others = new ArrayList<>();
    apps.forEach(app -> {
      String owner = Json.text(app, "owner", "email");
      if (owner.equals(email)) {
        owned.add(Json.text(app, "name"));
      } else {
        others.add(List.of(Json.text(app, "name"), owner));
      }
    });
    if (!owned.isEmpty()) {
      out.header(email + " Apps");
      out.lines(owned);
    }
    if (!others.isEmpty()) {
      if (!owned.isEmpty()) {
        out.line("");
      }
      out.header("Collaborated Apps");
      out.table(List.of("Name", "Email"), others);
    }
  }
}
