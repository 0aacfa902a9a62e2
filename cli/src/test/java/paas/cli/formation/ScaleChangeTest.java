package paas.cli.formation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class ScaleChangeTest {
  @Test
  void absoluteQuantitySetsIt() {
    assertThat(ScaleChange.parse("web=3")).isEqualTo(new ScaleChange("web", false, 3, Optional.empty()));
    assertThat(ScaleChange.parse("web=3").quantity(7)).isEqualTo(3);
  }

  @Test
  void plusAddsToTheCurrentQuantity() {
    ScaleChange change = ScaleChange.parse("web+1");
    assertThat(change).isEqualTo(new ScaleChange("web", true, 1, Optional.empty()));
    assertThat(change.quantity(2)).isEqualTo(3);
  }

  @Test
  void minusSubtractsFromTheCurrentQuantity() {
    ScaleChange change = ScaleChange.parse("worker-2");
    assertThat(change).isEqualTo(new ScaleChange("worker", true, -2, Optional.empty()));
    assertThat(change.quantity(5)).isEqualTo(3);
  }

  @Test
  void sizeSuffixIsKept() {
    assertThat(ScaleChange.parse("web=2:standard-2x")).isEqualTo(new ScaleChange("web", false, 2, Optional.of("standard-2x")));
    assertThat(ScaleChange.parse("web+1:performance-m").size()).contains("performance-m");
  }

  @Test
  void typeWithHyphensTakesTheLastSignAsTheChange() {
    assertThat(ScaleChange.parse("my-worker-2")).isEqualTo(new ScaleChange("my-worker", true, -2, Optional.empty()));
    assertThat(ScaleChange.parse("my-worker=0")).isEqualTo(new ScaleChange("my-worker", false, 0, Optional.empty()));
  }

  @ParameterizedTest
  @ValueSource(strings = {"web=abc", "web", "=3", "web=", "web=3:", "web=-1", "web==3", "web=3:standard 2x", "we b=1", "+1", "web=1234567"})
  void malformedArgumentIsRefusedWithTheAcceptedForms(String arg) {
    assertThatThrownBy(() -> ScaleChange.parse(arg))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'" + arg + "'")
        .hasMessageContaining("TYPE=QUANTITY[:SIZE], TYPE+N or TYPE-N");
  }

  @Test
  void sameTypeTwiceIsRefused() {
    assertThatThrownBy(() -> ScaleChange.parseAll(List.of("web=1", "worker=1", "web+1")))
        .hasMessageContaining("web is given twice");
  }

  @Test
  void allArgumentsParseInOrder() {
    assertThat(ScaleChange.parseAll(List.of("web=1", "worker+2")))
        .extracting(ScaleChange::type).containsExactly("web", "worker");
  }
}
