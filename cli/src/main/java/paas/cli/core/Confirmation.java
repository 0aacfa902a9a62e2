package paas.cli.core;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * The --confirm rule of every command that destroys something, as Heroku's CLI has it: the command
 * goes on when --confirm names the thing (an app, an email, an ID); a wrong --confirm stops it; with
 * no --confirm, a terminal is asked to type the name, and without a terminal the command stops with
 * the line that says how to confirm. Nothing is sent to the API before this has passed.
 */
public final class Confirmation {
  private static final int MAX_ANSWER = 1024;

  private final CliContext ctx;
  private final Output out;

  public Confirmation(CliContext ctx, Output out) {
    this.ctx = ctx;
    this.out = out;
  }

  /**
   * Returns when the user confirmed; throws a {@link CliException} (exit code 1) otherwise.
   *
   * @param expected what must be typed, e.g. the app's name
   * @param given the --confirm value, or null when none was given
   * @param warning what will happen, one or more lines, e.g. "This will delete my-app ..."
   */
  public void require(String expected, String given, String warning) {
    if (given != null) {
      if (!given.equals(expected)) {
        throw new CliException("Confirmation " + given + " did not match " + expected + ". Aborted.");
      }
      return;
    }
    String howTo = "To proceed, type " + expected + " or re-run this command with --confirm " + expected;
    // A prompt nobody sees would hang a script: ask only when both ends are a terminal.
    if (!ctx.ttys().stdin() || !ctx.ttys().stderr()) {
      throw new CliException(warning + "\n" + howTo);
    }
    out.warning(warning);
    PrintStream err = ctx.err();
    err.println();
    err.print(howTo + ": ");
    err.flush();
    String answer = readLine(ctx.stdin());
    if (!expected.equals(answer)) {
      throw new CliException("Confirmation did not match " + expected + ". Aborted.");
    }
  }

  /**
   * One line of stdin without its line end, or null at end of input. Read byte by byte, so nothing
   * after the line is taken from stdin.
   */
  public static String readLine(InputStream in) {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    try {
      for (int b = in.read(); b >= 0; b = in.read()) {
        if (b == '\n') {
          return line.toString(StandardCharsets.UTF_8).replaceAll("\r$", "");
        }
        if (line.size() < MAX_ANSWER) {
          line.write(b);
        }
      }
    } catch (IOException e) {
      throw new CliException("cannot read the confirmation from the terminal: " + e.getMessage(), e);
    }
    return line.size() == 0 ? null : line.toString(StandardCharsets.UTF_8);
  }
}
