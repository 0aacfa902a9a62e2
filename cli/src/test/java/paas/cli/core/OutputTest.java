package paas.cli.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OutputTest {
  @Test
  void actionAnswersWhatTheWorkAnsweredAfterDone() {
    Streams streams = new Streams();
    String answer = streams.out.action("Adding www.example.com to my-app", () -> "added");
    assertThat(answer).isEqualTo("added");
    assertThat(streams.err()).isEqualTo("Adding www.example.com to my-app... done\n");
  }

  @Test
  void actionEndsWithTheDetailOfTheAnswer() {
    Streams streams = new Streams();
    streams.out.action("Releasing image team/web:1.4 to my-app", () -> 7, version -> "v" + version);
    assertThat(streams.err()).isEqualTo("Releasing image team/web:1.4 to my-app... done, v7\n");
  }

  @Test
  void actionThatFailsEndsWithABangAndThrows() {
    Streams streams = new Streams();
    assertThatThrownBy(() -> streams.out.action("Destroying my-app", () -> {
      throw new CliException("refused");
    })).hasMessage("refused");
    assertThat(streams.err()).isEqualTo("Destroying my-app... !\n");
  }

  @Test
  void aDetailThatFailsCountsAsTheWorkFailing() {
    Streams streams = new Streams();
    assertThatThrownBy(() -> streams.out.action("Setting A and restarting my-app", () -> "vars", vars -> {
      throw new CliException("no releases");
    })).hasMessage("no releases");
    assertThat(streams.err()).isEqualTo("Setting A and restarting my-app... !\n");
  }

  @Test
  void sectionIsAHeaderAndAlignedKeyValues() {
    Streams streams = new Streams();
    Map<String, String> entries = new LinkedHashMap<>();
    entries.put("Git URL", "x");
    entries.put("Owner", "y");
    streams.out.section("my-app", entries);
    assertThat(streams.out()).isEqualTo("=== my-app\nGit URL: x\nOwner:   y\n");
  }

  @Test
  void jsonOptionPrintsTheAnswerOrRunsTheText() {
    Streams json = new Streams();
    Streams text = new Streams();
    Streams.json("--json").print(json.out, Json.object().put("a", 1), () -> json.out.line("text"));
    Streams.json().print(text.out, Json.object().put("a", 1), () -> text.out.line("text"));
    assertThat(json.out()).isEqualTo("{\n  \"a\": 1\n}\n");
    assertThat(text.out()).isEqualTo("text\n");
  }
}
