package paas.cli.core;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import paas.cli.format.Text;
import paas.vocabulary.Quote;

/**
 * Where a command's words go: data on stdout, progress and errors on stderr. Colour only when the
 * stream is a terminal, NO_COLOR is unset and TERM is not "dumb". On a terminal, the values in
 * headings, tables, key/value lists and {@link #value} lines show their control characters as
 * {@code \xNN}: a config var or a description with an escape sequence must not drive the reader's
 * terminal. Pipes and {@code --json} get the values as they are.
 */
public final class Output {
  private static final String BOLD = "\u001b[1m";
  private static final String RED = "\u001b[31m";
  private static final String YELLOW = "\u001b[33m";
  private static final String APP_COLOUR = "\u001b[35m";
  private static final String RESET = "\u001b[0m";
  private static final String ERROR_PREFIX = " !    ";
  private static final String WARNING_PREFIX = " \u203a   ";

  private final PrintStream out;
  private final PrintStream err;
  private final boolean colorOut;
  private final boolean colorErr;
  private final boolean terminalOut;

  public Output(CliContext ctx) {
    boolean allowed =
        ctx.env("NO_COLOR").isEmpty() && !"dumb".equals(ctx.env().getOrDefault("TERM", ""));
    this.out = ctx.out();
    this.err = ctx.err();
    this.colorOut = allowed && ctx.ttys().stdout();
    this.colorErr = allowed && ctx.ttys().stderr();
    this.terminalOut = ctx.ttys().stdout();
  }

  public boolean colorOnStdout() {
    return colorOut;
  }

  /** One line of data on stdout. */
  public void line(String text) {
    out.println(text);
  }

  /** Text on stdout exactly as given: no newline is added or taken away. */
  public void raw(String text) {
    out.print(text);
  }

  /** Pushes what stdout holds to the terminal or pipe now, e.g. after each streamed log line. */
  public void flush() {
    out.flush();
  }

  /** Lines of data on stdout, their control characters shown escaped on a terminal. */
  public void lines(List<String> lines) {
    lines.forEach(l -> out.println(shown(l)));
  }

  /** One value on stdout (e.g. {@code config:get}), shown escaped on a terminal and as it is in a pipe. */
  public void value(String text) {
    out.println(shown(text));
  }

  /** A "=== title" heading on stdout. */
  public void header(String title) {
    String text = "=== " + shown(title);
    out.println(colorOut ? BOLD + text + RESET : text);
  }

  private String shown(String text) {
    return terminalOut ? Quote.controls(text) : text;
  }

  public void json(JsonNode node) {
    out.println(Json.pretty(node));
  }

  public void keyValues(Map<String, String> entries) {
    lines(Text.keyValues(entries));
  }

  public void table(List<String> headers, List<List<String>> rows) {
    lines(Text.table(headers, rows));
  }

  /** A "=== title" heading and its aligned "Key: value" lines, as Heroku's info commands print them. */
  public void section(String title, Map<String, String> entries) {
    header(title);
    keyValues(entries);
  }

  /**
   * An app's name as Heroku's CLI shows it in progress lines and errors (on stderr): "⬢ my-app" in
   * colour when stderr has colour, else the plain name, so logs and pipes get "my-app".
   */
  public String app(String name) {
    return colorErr ? APP_COLOUR + "\u2b22 " + name + RESET : name;
  }

  /** A status line on stderr. */
  public void status(String text) {
    err.println(text);
  }

  /** Each line of the message on stderr as " !    line". */
  public void error(String message) {
    for (String line : message.split("\n", -1)) {
      String text = ERROR_PREFIX + line;
      err.println(colorErr ? RED + text + RESET : text);
    }
  }

  /** A warning on stderr as Heroku's CLI prints one: " ›   Warning: first line", then " ›   line". */
  public void warning(String message) {
    String prefix = colorErr ? YELLOW + WARNING_PREFIX + RESET : WARNING_PREFIX;
    String[] lines = message.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      err.println(prefix + (i == 0 ? "Warning: " : "") + lines[i]);
    }
  }

  /**
   * Starts a progress line "Doing things... " on stderr. Finish it with {@link Action#done}; closing
   * it unfinished (an exception) ends the line with "!".
   */
  public Action action(String what) {
    out.flush();
    err.print(what + "... ");
    err.flush();
    return new Action(err);
  }

  /**
   * Does work behind a progress line: "Doing things... done", or "Doing things... !" when it throws.
   *
   * @return what the work answered
   */
  public <T> T action(String what, Supplier<T> work) {
    return action(what, work, result -> "");
  }

  /**
   * Like {@link #action(String, Supplier)}, ending the line with "done, detail" (e.g. "done, v7"),
   * the detail taken from what the work answered. Finding the detail counts as part of the work: when
   * it throws, the line ends with "!".
   */
  public <T> T action(String what, Supplier<T> work, Function<? super T, String> detail) {
    try (Action action = action(what)) {
      T result = work.get();
      action.done(detail.apply(result));
      return result;
    }
  }

  /** A progress line in flight. */
  public static final class Action implements AutoCloseable {
    private final PrintStream err;
    private boolean finished;

    private Action(PrintStream err) {
      this.err = err;
    }

    public void done() {
      finish("done");
    }

    /** Ends the line with "done, detail", e.g. "done, v7". */
    public void done(String detail) {
      finish(detail == null || detail.isEmpty() ? "done" : "done, " + detail);
    }

    /** Ends the line with text, e.g. "up, run.1234"; later calls and close() do nothing. */
    public void finish(String text) {
      if (!finished) {
        finished = true;
        err.println(text);
      }
    }

    @Override
    public void close() {
      finish("!");
    }
  }
}
