package paas.cli.format;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import paas.cli.core.Git;

class TextTest {
  @Test
  void keyValueLinesStartValuesInOneColumn() {
    Map<String, String> info = new LinkedHashMap<>();
    info.put("Git URL", "http://h/a.git");
    info.put("Maintenance", "off");
    info.put("Owner", "me@example.com");
    assertThat(Text.keyValues(info)).containsExactly(
        "Git URL:     http://h/a.git",
        "Maintenance: off",
        "Owner:       me@example.com");
  }

  @Test
  void emptyValueLeavesNoTrailingSpaces() {
    Map<String, String> info = new LinkedHashMap<>();
    info.put("LONG_KEY", "1");
    info.put("K", "");
    assertThat(Text.keyValues(info)).containsExactly("LONG_KEY: 1", "K:");
  }

  @Test
  void multiLineValueContinuesUnderTheValueColumn() {
    Map<String, String> info = new LinkedHashMap<>();
    info.put("A", "x");
    info.put("CERT", "line1\nline2");
    assertThat(Text.keyValues(info)).containsExactly("A:    x", "CERT: line1", "      line2");
  }

  @Test
  void tableAlignsColumnsWithTwoSpaces() {
    List<String> lines = Text.table(List.of("Hostname", "Kind"), List.of(
        List.of("app.paas.example", "default"),
        List.of("www.example.com", "custom")));
    assertThat(lines).containsExactly(
        "Hostname          Kind",
        "app.paas.example  default",
        "www.example.com   custom");
  }

  @Test
  void tableRowsCarryNoTrailingPaddingWhenLastCellsAreEmpty() {
    List<String> lines = Text.table(null, List.of(
        Arrays.asList("v2", "Set A config vars", "a@example.com"),
        Arrays.asList("v10", "Initial release", "")));
    assertThat(lines).containsExactly(
        "v2   Set A config vars  a@example.com",
        "v10  Initial release");
  }
}
