package paas.cli.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ConfigAssignmentsTest {
  @Test
  void keyAndValueSplitAtTheFirstEquals() {
    assertThat(ConfigAssignments.parse(List.of("DATABASE_URL=postgres://u:p@h/db?a=b", "X=1")))
        .containsExactly(Map.entry("DATABASE_URL", "postgres://u:p@h/db?a=b"), Map.entry("X", "1"));
  }

  @Test
  void valueMayBeEmptyOrAllEquals() {
    assertThat(ConfigAssignments.parse(List.of("EMPTY=", "EQ===")))
        .containsExactly(Map.entry("EMPTY", ""), Map.entry("EQ", "=="));
  }

  @Test
  void valueKeepsSpacesQuotesAndNewlines() {
    assertThat(ConfigAssignments.parse(List.of("G=hello 'world'\n\"x\"")).get("G")).isEqualTo("hello 'world'\n\"x\"");
  }

  @Test
  void argumentWithoutEqualsIsRefused() {
    assertThatThrownBy(() -> ConfigAssignments.parse(List.of("A=1", "FOO")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'FOO' is not KEY=VALUE");
  }

  @ParameterizedTest
  @ValueSource(strings = {"=value", "1ABC=x", "FOO-BAR=x", "FOO BAR=x", "FÖO=x", "A.B=x"})
  void badKeyIsRefusedWithTheRule(String arg) {
    assertThatThrownBy(() -> ConfigAssignments.parse(List.of(arg)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("invalid config var name")
        .hasMessageContaining("^[A-Za-z_][A-Za-z0-9_]*$");
  }

  @Test
  void lowercaseAndUnderscoreKeysAreValid() {
    assertThat(ConfigAssignments.parse(List.of("_private=1", "lower_case9=2"))).containsKeys("_private", "lower_case9");
  }

  @Test
  void sameKeyTwiceIsRefused() {
    assertThatThrownBy(() -> ConfigAssignments.parse(List.of("A=1", "A=2"))).hasMessageContaining("A is given twice");
  }
}
