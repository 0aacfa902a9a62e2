package paas.cli.logs;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Colours a log line as `paas logs` shows it on a terminal: the timestamp dim, the
 * {@code source[dyno]:} prefix in one colour per platform source, and for {@code app} lines one
 * colour per dyno, picked from a palette by a hash of its name that is the same on every run. The
 * text itself is left alone, and a line not of the form {@code TIME SOURCE[DYNO]: text} is too.
 */
public final class LogColours {
  private static final String RESET = "\u001b[0m";
  private static final String DIM = "\u001b[2m";
  private static final String ROUTER = "\u001b[34m";
  private static final String PAAS = "\u001b[35m";
  private static final String BUILD = "\u001b[33m";
  // No red (errors) and none of the fixed colours above, so an app's dynos stand apart from them.
  static final List<String> APP_PALETTE = List.of(
      "\u001b[36m", "\u001b[32m", "\u001b[96m", "\u001b[92m", "\u001b[94m", "\u001b[95m", "\u001b[93m");
  private static final Pattern LINE = Pattern.compile("(\\S+) ([A-Za-z0-9_-]+)\\[([^\\]]*)\\]:(.*)", Pattern.DOTALL);

  private LogColours() {}

  public static String colour(String line) {
    Matcher m = LINE.matcher(line);
    if (!m.matches()) {
      return line;
    }
    String source = m.group(2);
    String dyno = m.group(3);
    return DIM + m.group(1) + RESET + " " + prefixColour(source, dyno) + source + "[" + dyno + "]:" + RESET + m.group(4);
  }

  static String prefixColour(String source, String dyno) {
    return switch (source) {
      case "router" -> ROUTER;
      case "paas" -> PAAS;
      case "build" -> BUILD;
      // String.hashCode is specified by the JLS, so web.1 has the same colour on every run.
      default -> APP_PALETTE.get(Math.floorMod(dyno.hashCode(), APP_PALETTE.size()));
    };
  }
}
