package paas.cli.formation;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One argument of `paas scale`: TYPE=QTY[:SIZE] sets a quantity, TYPE+N and TYPE-N change it.
 *
 * @param amount the quantity for {@code =}, else the signed change
 */
public record ScaleChange(String type, boolean relative, int amount, Optional<String> size) {
  public static final String FORMS =
      "use TYPE=QUANTITY[:SIZE], TYPE+N or TYPE-N, e.g. web=2, web=2:standard-2x, worker+1, worker-1";
  // Greedy TYPE, so "my-worker-2" is my-worker minus 2, as in the Heroku CLI.
  private static final Pattern FORM = Pattern.compile("([a-zA-Z0-9_-]{1,63})([=+-])([0-9]{1,6})(?::([a-zA-Z0-9-]+))?");

  public ScaleChange {
    size = size == null ? Optional.empty() : size;
  }

  /**
   * @throws IllegalArgumentException naming the argument and the accepted forms
   */
  public static ScaleChange parse(String arg) {
    Matcher m = FORM.matcher(arg);
    if (!m.matches()) {
      throw new IllegalArgumentException("'" + arg + "' is not a scale argument: " + FORMS);
    }
    int number = Integer.parseInt(m.group(3));
    String op = m.group(2);
    return new ScaleChange(m.group(1), !op.equals("="), op.equals("-") ? -number : number, Optional.ofNullable(m.group(4)));
  }

  /** All arguments; each process type at most once. */
  public static List<ScaleChange> parseAll(List<String> args) {
    List<ScaleChange> changes = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (String arg : args) {
      ScaleChange change = parse(arg);
      if (!seen.add(change.type())) {
        throw new IllegalArgumentException(change.type() + " is given twice: give each process type once");
      }
      changes.add(change);
    }
    return changes;
  }

  /** The quantity to ask for, given the current one (0 for a type not in the formation yet). */
  public int quantity(int current) {
    return relative ? current + amount : amount;
  }
}
