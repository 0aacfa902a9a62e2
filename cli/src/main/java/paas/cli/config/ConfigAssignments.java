package paas.cli.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import paas.vocabulary.ConfigKey;

/** Parses the arguments of config:set and config:unset; a bad one fails before any request. */
public final class ConfigAssignments {

  private ConfigAssignments() {}

  /**
   * KEY=VALUE arguments in order; the value is everything after the first '=' and may be empty or
   * contain '='.
   *
   * @throws IllegalArgumentException naming the bad argument and the rule
   */
  public static Map<String, String> parse(List<String> args) {
    Map<String, String> vars = new LinkedHashMap<>();
    for (String arg : args) {
      int eq = arg.indexOf('=');
      if (eq < 0) {
        throw new IllegalArgumentException("'" + arg + "' is not KEY=VALUE: write it as " + arg + "=VALUE (quote the value for your shell)");
      }
      String key = checkKey(arg.substring(0, eq));
      if (vars.containsKey(key)) {
        throw new IllegalArgumentException(key + " is given twice: give each key once");
      }
      vars.put(key, arg.substring(eq + 1));
    }
    return vars;
  }

  /** The key itself when valid; else an IllegalArgumentException that states the rule. */
  public static String checkKey(String key) {
    return ConfigKey.check(key);
  }
}
