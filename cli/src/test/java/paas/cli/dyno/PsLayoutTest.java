package paas.cli.dyno;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import paas.cli.core.Json;

class PsLayoutTest {
  private static final Instant NOW = Instant.parse("2026-11-24T22:05:00Z");

  @Test
  void matchesHerokusLayoutForOneTypeAndAOneOff() throws Exception {
    var dynos = Json.MAPPER.readTree("""
        [{"name":"run.4312","type":"run","state":"up","command":"bash","size":"standard-1x",
          "updated_at":"2026-11-24T22:04:50.123456Z","exit_code":null},
         {"name":"web.1","type":"web","state":"up","command":"npm start","size":"standard-1x",
          "updated_at":"2026-11-24T22:00:00Z","exit_code":null},
         {"name":"web.2","type":"web","state":"crashed","command":"npm start","size":"standard-1x",
          "updated_at":"2026-11-24T22:04:00+00:00","exit_code":137}]""");
    assertThat(PsLayout.groups(dynos, NOW)).containsExactly(
        new PsLayout.Group("web (Standard-1X): npm start (2)", List.of(
            "web.1: up 2026/11/24 22:00:00 +0000 (~ 5m ago)",
            "web.2: crashed 2026/11/24 22:04:00 +0000 (~ 1m ago), exit 137")),
        new PsLayout.Group("run: one-off processes (1)", List.of(
            "run.4312 (Standard-1X): up 2026/11/24 22:04:50 +0000 (~ 9s ago): bash")));
  }

  @Test
  void exitCodeIsShownOnlyForACrashWithAKnownStatus() throws Exception {
    assertThat(PsLayout.status(Json.MAPPER.readTree(
        "{\"state\":\"crashed\",\"updated_at\":\"2026-11-24T22:05:00Z\",\"exit_code\":null}"), NOW))
        .isEqualTo("crashed 2026/11/24 22:05:00 +0000 (~ 0s ago)");
    assertThat(PsLayout.status(Json.MAPPER.readTree(
        "{\"state\":\"up\",\"updated_at\":\"2026-11-24T22:05:00Z\",\"exit_code\":1}"), NOW))
        .isEqualTo("up 2026/11/24 22:05:00 +0000 (~ 0s ago)");
  }

  @Test
  void timesInOtherOffsetsAreShownInUtc() {
    assertThat(PsLayout.when("2026-11-24T23:00:00+01:00", NOW)).isEqualTo("2026/11/24 22:00:00 +0000 (~ 5m ago)");
  }

  @Test
  void agesUseTheLargestWholeUnit() {
    assertThat(PsLayout.ago(Duration.ofSeconds(59))).isEqualTo("59s");
    assertThat(PsLayout.ago(Duration.ofSeconds(60))).isEqualTo("1m");
    assertThat(PsLayout.ago(Duration.ofMinutes(59).plusSeconds(59))).isEqualTo("59m");
    assertThat(PsLayout.ago(Duration.ofHours(23))).isEqualTo("23h");
    assertThat(PsLayout.ago(Duration.ofDays(3).plusHours(5))).isEqualTo("3d");
    assertThat(PsLayout.ago(Duration.ofSeconds(-30))).isEqualTo("0s");
  }

  @Test
  void aTimeThatDoesNotParseIsShownAsGiven() {
    assertThat(PsLayout.when("yesterday", NOW)).isEqualTo("yesterday");
  }
}
