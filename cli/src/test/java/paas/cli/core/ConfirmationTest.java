package paas.cli.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import paas.cli.FakeGit;

class ConfirmationTest {
  private static final CliContext.Ttys TERMINAL = new CliContext.Ttys(true, true, true);
  private static final String WARNING = "This will destroy postgresql-curved-12345 on my-app.";

  private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();

  private Confirmation confirmation(CliContext.Ttys ttys, String typed) {
    CliContext ctx = new CliContext(Map.of("NO_COLOR", "1"), Path.of("home"), Path.of("."),
        new ByteArrayInputStream(typed.getBytes(StandardCharsets.UTF_8)), new PrintStream(new ByteArrayOutputStream()),
        new PrintStream(stderr, true, StandardCharsets.UTF_8), ttys, new FakeGit(), prompt -> "",
        CliContext.Terminal.NONE, "0.1.0", "21");
    return new Confirmation(ctx, new Output(ctx));
  }

  private String err() {
    return stderr.toString(StandardCharsets.UTF_8);
  }

  @Test
  void aMatchingConfirmGoesOnWithoutAsking() {
    confirmation(TERMINAL, "").require("my-app", "my-app", WARNING);
    assertThat(err()).isEmpty();
  }

  @Test
  void aConfirmThatDoesNotMatchStopsWithHerokusWords() {
    assertThatThrownBy(() -> confirmation(TERMINAL, "my-app\n").require("my-app", "other-app", WARNING))
        .isInstanceOf(CliException.class).hasMessage("Confirmation other-app did not match my-app. Aborted.");
    assertThat(err()).isEmpty();
  }

  @Test
  void withoutATerminalAndNoConfirmItStopsWithTheWarningAndHowToConfirm() {
    CliException refused = catchThrowableOfType(CliException.class,
        () -> confirmation(new CliContext.Ttys(false, true, true), "my-app\n").require("my-app", null, WARNING));
    assertThat(refused.getMessage()).isEqualTo(
        WARNING + "\nTo proceed, type my-app or re-run this command with --confirm my-app");
    assertThat(refused.exitCode()).isEqualTo(1);
    assertThat(err()).as("nothing was asked").isEmpty();
  }

  @Test
  void onATerminalItWarnsAsksAndGoesOnWhenTheNameIsTyped() {
    confirmation(TERMINAL, "my-app\r\nmore input").require("my-app", null, WARNING + "\nIts data goes too.");
    assertThat(err()).isEqualTo("""
         \u203a   Warning: This will destroy postgresql-curved-12345 on my-app.
         \u203a   Its data goes too.

        To proceed, type my-app or re-run this command with --confirm my-app:\s""");
  }

  @Test
  void onATerminalAnythingElseTypedOrNothingAborts() {
    assertThatThrownBy(() -> confirmation(TERMINAL, "my-ap\n").require("my-app", null, WARNING))
        .hasMessage("Confirmation did not match my-app. Aborted.");
    assertThatThrownBy(() -> confirmation(TERMINAL, "").require("my-app", null, WARNING))
        .hasMessage("Confirmation did not match my-app. Aborted.");
  }
}
