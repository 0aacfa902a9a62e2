package paas.cli.logs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LogColoursTest {
  private static final String DIM = "\u001b[2m";
  private static final String RESET = "\u001b[0m";

  @Test
  void timestampIsDimAndPlatformSourcesHaveFixedColours() {
    assertThat(LogColours.colour("2026-11-24T22:00:00.123456+00:00 router[web.1]: at=info status=200"))
        .isEqualTo(DIM + "2026-11-24T22:00:00.123456+00:00" + RESET + " \u001b[34mrouter[web.1]:" + RESET + " at=info status=200");
    assertThat(LogColours.prefixColour("paas", "api")).isEqualTo("\u001b[35m");
    assertThat(LogColours.prefixColour("build", "build")).isEqualTo("\u001b[33m");
  }

  @Test
  void appDynosGetAPaletteColourThatDependsOnlyOnTheDynoName() {
    String web1 = LogColours.prefixColour("app", "web.1");
    assertThat(LogColours.APP_PALETTE).contains(web1);
    assertThat(LogColours.prefixColour("app", "web.1")).isEqualTo(web1);
    assertThat(LogColours.APP_PALETTE.get(Math.floorMod("web.1".hashCode(), LogColours.APP_PALETTE.size()))).isEqualTo(web1);
    assertThat(LogColours.colour("2026-11-24T22:00:00Z app[web.1]: hi"))
        .isEqualTo(DIM + "2026-11-24T22:00:00Z" + RESET + " " + web1 + "app[web.1]:" + RESET + " hi");
  }

  @Test
  void differentDynosCanTellApart() {
    long colours = java.util.stream.Stream.of("web.1", "web.2", "web.3", "worker.1", "run.4312")
        .map(d -> LogColours.prefixColour("app", d)).distinct().count();
    assertThat(colours).isGreaterThan(1);
  }

  @Test
  void linesOfAnotherShapeAreLeftAlone() {
    assertThat(LogColours.colour("just some text")).isEqualTo("just some text");
    assertThat(LogColours.colour("")).isEmpty();
  }
}
