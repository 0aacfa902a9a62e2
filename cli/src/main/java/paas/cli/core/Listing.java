package paas.cli.core;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * How a list command prints the items the API answered, as Heroku's CLI does: with --json the answer
 * as it came; with no items, when the command has a message for that, the message on stderr (so
 * stdout stays empty for pipes); else a "=== title" header (when it has a title) and the items, most
 * often as an aligned table. Each command states only its title, columns and messages.
 */
public final class Listing {
  private final String title;
  private final List<String> columns;
  private final String whenEmpty;
  private final String note;

  private Listing(String title, List<String> columns, String whenEmpty, String note) {
    this.title = title;
    this.columns = columns;
    this.whenEmpty = whenEmpty;
    this.note = note;
  }

  /** A listing under the header "=== title". */
  public static Listing titled(String title) {
    return new Listing(title, null, null, null);
  }

  /** A listing with no "===" header (Heroku's authorizations and the like start with the table). */
  public static Listing untitled() {
    return new Listing(null, null, null, null);
  }

  /** A header row for the table; without one the table has none. */
  public Listing columns(String... names) {
    return new Listing(title, List.of(names), whenEmpty, note);
  }

  /** What stderr says instead of the header and the table when there are no items. */
  public Listing whenEmpty(String message) {
    return new Listing(title, columns, message, note);
  }

  /** A status line on stderr after the items, e.g. what to do with them. */
  public Listing note(String message) {
    return new Listing(title, columns, whenEmpty, message);
  }

  /** Prints the items, each one a table row of the cells row gives. */
  public void table(Output out, JsonOption json, JsonNode items, Function<JsonNode, List<String>> row) {
    show(out, json, items, () -> {
      List<List<String>> rows = new ArrayList<>();
      items.forEach(item -> rows.add(row.apply(item)));
      out.table(columns, rows);
    });
  }

  /** Prints the items in the command's own layout: text prints them after the header. */
  public void show(Output out, JsonOption json, JsonNode items, Runnable text) {
    json.print(out, items, () -> {
      if (whenEmpty != null && items.isEmpty()) {
        out.status(whenEmpty);
        return;
      }
      if (title != null) {
        out.header(title);
      }
      text.run();
      if (note != null) {
        out.status(note);
      }
    });
  }
}
