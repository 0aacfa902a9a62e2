package paas.cli.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Config vars as the text config:edit hands to the editor, in Heroku's format: one KEY=VALUE line
 * per var, sorted by key; a value bare when it holds nothing a shell would read specially, in single
 * quotes when it does, and in double quotes (with \n, \", \\, \$, \`, \! escapes) when it holds a
 * single quote or a line break. Reading accepts what a user would type back: those forms, and a
 * mix of them in one word ('it'\''s').
 */
public final class ConfigText {
  private static final Pattern SPECIAL = Pattern.compile("[\"\\s#!$&'()*,:;<=>?@\\[\\\\\\]^`{|}]");

  private ConfigText() {}

  /** The vars as the editor shows them. */
  public static String render(Map<String, String> vars) {
    StringBuilder text = new StringBuilder();
    new TreeMap<>(vars).forEach((key, value) -> text.append(key).append('=').append(quote(value)).append('\n'));
    return text.toString();
  }

  /** One value as Heroku's CLI quotes it. */
  public static String quote(String value) {
    if (!SPECIAL.matcher(value).find()) {
      return value;
    }
    if (value.indexOf('\'') < 0 && value.indexOf('\n') < 0) {
      return "'" + value + "'";
    }
    return "\"" + value.replaceAll("([\"\\\\$`!])", "\\\\$1").replace("\n", "\\n") + "\"";
  }

  /**
   * The vars of an edited text; blank lines and lines starting with # are skipped.
   *
   * @throws IllegalArgumentException naming the line and what is wrong with it
   */
  public static Map<String, String> parse(String text) {
    Map<String, String> vars = new LinkedHashMap<>();
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].endsWith("\r") ? lines[i].substring(0, lines[i].length() - 1) : lines[i];
      if (line.isBlank() || line.stripLeading().startsWith("#")) {
        continue;
      }
      int eq = line.indexOf('=');
      if (eq < 0) {
        throw new IllegalArgumentException("line " + (i + 1) + " is not KEY=VALUE: " + line);
      }
      String key = line.substring(0, eq).strip();
      try {
        ConfigAssignments.checkKey(key);
        if (vars.containsKey(key)) {
          throw new IllegalArgumentException(key + " is given twice");
        }
        vars.put(key, word(line.substring(eq + 1)));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("line " + (i + 1) + ": " + e.getMessage());
      }
    }
    return vars;
  }

  /** One shell word: bare, '...' and "..." parts side by side; trailing blanks are dropped. */
  private static String word(String text) {
    StringBuilder value = new StringBuilder();
    int i = 0;
    String rest = text.stripTrailing();
    while (i < rest.length()) {
      char c = rest.charAt(i);
      if (c == '\'') {
        int end = rest.indexOf('\'', i + 1);
        if (end < 0) {
          throw new IllegalArgumentException("a ' is not closed: " + text);
        }
        value.append(rest, i + 1, end);
        i = end + 1;
      } else if (c == '"') {
        i = doubleQuoted(rest, i + 1, value, text);
      } else if (c == '\\' && i + 1 < rest.length()) {
        value.append(rest.charAt(i + 1));
        i += 2;
      } else if (Character.isWhitespace(c)) {
        throw new IllegalArgumentException("the value is more than one word (quote it): " + text);
      } else {
        value.append(c);
        i++;
      }
    }
    return value.toString();
  }

  /** Appends a "..." part that starts at from (after its quote); answers where the word goes on. */
  private static int doubleQuoted(String rest, int from, StringBuilder value, String text) {
    int i = from;
    while (i < rest.length()) {
      char c = rest.charAt(i);
      if (c == '"') {
        return i + 1;
      }
      if (c == '\\' && i + 1 < rest.length()) {
        char next = rest.charAt(i + 1);
        if (next == 'n') {
          value.append('\n');
        } else if ("\"\\$`!".indexOf(next) >= 0) {
          value.append(next);
        } else {
          value.append(c).append(next);
        }
        i += 2;
      } else {
        value.append(c);
        i++;
      }
    }
    throw new IllegalArgumentException("a \" is not closed: " + text);
  }

  /** "- KEY=old" and "+ KEY=new" lines for each var that changed, by key, as Heroku's config:edit shows them. */
  public static List<String> diff(Map<String, String> before, Map<String, String> after) {
    TreeMap<String, Boolean> keys = new TreeMap<>();
    before.keySet().forEach(k -> keys.put(k, true));
    after.keySet().forEach(k -> keys.put(k, true));
    List<String> lines = new ArrayList<>();
    for (String key : keys.keySet()) {
      if (before.containsKey(key) && after.containsKey(key) && before.get(key).equals(after.get(key))) {
        continue;
      }
      if (before.containsKey(key)) {
        lines.add("- " + key + "=" + quote(before.get(key)));
      }
      if (after.containsKey(key)) {
        lines.add("+ " + key + "=" + quote(after.get(key)));
      }
    }
    return lines;
  }
}
