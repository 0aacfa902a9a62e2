package paas.cli.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigTextTest {
  @Test
  void valuesAreQuotedAsHerokusConfigEditQuotesThem() {
    assertThat(ConfigText.quote("plain-value_1.2")).isEqualTo("plain-value_1.2");
    assertThat(ConfigText.quote("")).isEqualTo("");
    assertThat(ConfigText.quote("two words")).isEqualTo("'two words'");
    assertThat(ConfigText.quote("postgres://u:p@db/x")).isEqualTo("'postgres://u:p@db/x'");
    assertThat(ConfigText.quote("it's $HOME")).isEqualTo("\"it's \\$HOME\"");
    assertThat(ConfigText.quote("line1\nline2")).isEqualTo("\"line1\\nline2\"");
  }

  @Test
  void whatIsRenderedParsesBackToTheSameVars() {
    Map<String, String> vars = new LinkedHashMap<>();
    vars.put("A", "it's");
    vars.put("B", "a\nb \"q\" \\ ` ! $X");
    vars.put("C", "");
    vars.put("D", "plain");
    vars.put("E", "#not a comment");
    String text = ConfigText.render(vars);
    assertThat(text).startsWith("A=\"it's\"\n");
    assertThat(ConfigText.parse(text)).isEqualTo(vars);
  }

  @Test
  void whatAUserTypesBackIsRead() {
    assertThat(ConfigText.parse("# a comment\n\nA='it'\\''s'\r\nB=\"x\"'y'z  \nC=a\\ b\n"))
        .containsExactly(Map.entry("A", "it's"), Map.entry("B", "xyz"), Map.entry("C", "a b"));
  }

  @Test
  void badLinesAreRefusedWithTheirNumber() {
    assertThatThrownBy(() -> ConfigText.parse("A=1\nB='open\n")).hasMessage("line 2: a ' is not closed: 'open");
    assertThatThrownBy(() -> ConfigText.parse("A=two words")).hasMessageContaining("line 1: the value is more than one word");
    assertThatThrownBy(() -> ConfigText.parse("A=1\nA=2")).hasMessageContaining("line 2: A is given twice");
    assertThatThrownBy(() -> ConfigText.parse("1A=x")).hasMessageStartingWith("line 1: ");
    assertThatThrownBy(() -> ConfigText.parse("novalue")).hasMessage("line 1 is not KEY=VALUE: novalue");
  }
}
