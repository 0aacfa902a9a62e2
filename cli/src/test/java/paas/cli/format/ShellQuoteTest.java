package paas.cli.format;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ShellQuoteTest {
  @Test
  void plainValueIsSingleQuoted() {
    assertThat(ShellQuote.assignment("KEY", "value")).isEqualTo("KEY='value'");
  }

  @Test
  void emptyValueIsAnEmptyQuotedString() {
    assertThat(ShellQuote.assignment("KEY", "")).isEqualTo("KEY=''");
  }

  @Test
  void singleQuoteClosesEscapesAndReopens() {
    assertThat(ShellQuote.quote("it's")).isEqualTo("'it'\\''s'");
  }

  @Test
  void dollarsBackticksAndBackslashesNeedNoEscapingInsideSingleQuotes() {
    assertThat(ShellQuote.quote("$HOME `id` \\n \"x\"")).isEqualTo("'$HOME `id` \\n \"x\"'");
  }

  @ParameterizedTest
  @ValueSource(strings = {"plain", "it's", "''", "$(touch /tmp/paas-canary)", "a\nb", "tab\there", " lead and trail ", "\\", "ünïcödé"})
  void realShellReadsBackTheExactValue(String value) throws IOException, InterruptedException {
    String script = ShellQuote.assignment("V", value) + "\nprintf '%s' \"$V\"";
    Process sh = new ProcessBuilder(List.of("sh", "-c", script)).start();
    String printed = new String(sh.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(sh.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(sh.exitValue()).isZero();
    assertThat(printed).isEqualTo(value);
  }
}
