package paas.cli.format;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Plain-text layouts of the Heroku CLI: aligned "Key: value" lines and space-aligned tables. */
public final class Text {
  private static final String GAP = "  ";

  private Text() {}

  /**
   * One line per entry, values starting in one column: {@code Git URL: x} and {@code Owner:   y}.
   * Lines of a multi-line value after the first are indented to that column.
   */
  public static List<String> keyValues(Map<String, String> entries) {
    int width = 0;
    for (String key : entries.keySet()) {
      width = Math.max(width, key.length() + 1);
    }
    String indent = " ".repeat(width + 1);
    List<String> lines = new ArrayList<>();
    for (Map.Entry<String, String> entry : entries.entrySet()) {
      String label = entry.getKey() + ":";
      String value = entry.getValue() == null ? "" : entry.getValue();
      if (value.isEmpty()) {
        lines.add(label);
        continue;
      }
      String[] parts = value.split("\n", -1);
      lines.add(pad(label, width) + " " + parts[0]);
      for (int i = 1; i < parts.length; i++) {
        lines.add(indent + parts[i]);
      }
    }
    return lines;
  }

  /**
   * Rows with their columns aligned and separated by two spaces, with no trailing padding.
   *
   * @param headers the header row, or null for none
   */
  public static List<String> table(List<String> headers, List<List<String>> rows) {
    List<List<String>> all = new ArrayList<>();
    if (headers != null) {
      all.add(headers);
    }
    all.addAll(rows);
    int columns = 0;
    for (List<String> row : all) {
      columns = Math.max(columns, row.size());
    }
    int[] widths = new int[columns];
    for (List<String> row : all) {
      for (int c = 0; c < row.size(); c++) {
        widths[c] = Math.max(widths[c], cell(row, c).length());
      }
    }
    List<String> lines = new ArrayList<>();
    for (List<String> row : all) {
      int last = row.size() - 1;
      while (last > 0 && cell(row, last).isEmpty()) {
        last--;
      }
      StringBuilder line = new StringBuilder();
      for (int c = 0; c <= last; c++) {
        if (c > 0) {
          line.append(GAP);
        }
        line.append(c == last ? cell(row, c) : pad(cell(row, c), widths[c]));
      }
      lines.add(line.toString());
    }
    return lines;
  }

  private static String cell(List<String> row, int c) {
    String value = c < row.size() ? row.get(c) : null;
    return value == null ? "" : value;
  }

  private static String pad(String s, int width) {
    return s.length() >= width ? s : s + " ".repeat(width - s.length());
  }
}
