package paas.cli.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class SttyTerminalTest {
  @Test
  void sttySizeIsRowsThenColumns() {
    assertThat(SttyTerminal.parseSize("40 132\n")).contains(new CliContext.Size(40, 132));
  }

  @Test
  void aSizeSttyCannotTellIsNone() {
    // stty prints "0 0" for a terminal that never said its size (a serial line, some CI ptys).
    assertThat(SttyTerminal.parseSize("0 0")).isEqualTo(Optional.empty());
    assertThat(SttyTerminal.parseSize("")).isEqualTo(Optional.empty());
    assertThat(SttyTerminal.parseSize("stty: invalid argument")).isEqualTo(Optional.empty());
  }
}
