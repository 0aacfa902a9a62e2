package paas.cli.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import paas.cli.CommandTest;
import paas.cli.FakeApi;
import paas.cli.Harness;
import paas.cli.core.CliContext;

/** config:edit with a real editor: a shell script that records what it was given and writes the new vars. */
class ConfigEditTest extends CommandTest {
  private static final String VARS = "{\"DATABASE_URL\":\"postgres://db/x\",\"A\":\"it's\",\"EMPTY\":\"\"}";
  private static final CliContext.Ttys TERMINAL = new CliContext.Ttys(true, false, true);

  private Path seen;

  @BeforeEach
  void stubApi() {
    api.on("GET", "/apps/my-app/config-vars", 200, VARS);
    api.on("GET", "/apps/my-app/releases", 200, "[{\"id\":\"r8\",\"version\":8,\"current\":true}]");
    api.on("PATCH", "/apps/my-app/config-vars", 200, "{}");
    seen = dir.resolve("seen");
  }

  /** An editor that saves what it got (file, mode, text) next to the test, then writes newText (or exits with exit). */
  private void editor(String newText, int exit) throws IOException {
    Path script = dir.resolve("editor.sh");
    Files.writeString(script, """
        #!/bin/sh
        echo "$1" > '%1$s.path'
        stat -c %%a "$1" > '%1$s.mode'
        cat "$1" > '%1$s.text'
        printf '%%s' '%2$s' > "$1"
        exit %3$d
        """.formatted(seen, newText.replace("'", "'\\''"), exit));
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
    paas.env.put("EDITOR", script + " ");
  }

  @Test
  void theEditorGetsHerokusFormatInAPrivateFileAndTheChangesGoInOnePatch() throws IOException {
    editor("A=changed\nNEW=\"two words\"\nEMPTY=\n", 0);
    Harness.Result result = paas.run("config:edit", "-a", "my-app", "--confirm", "my-app");
    assertThat(result.exit()).as(result.err()).isZero();
    assertThat(Files.readString(Path.of(seen + ".text"))).isEqualTo("A=\"it's\"\nDATABASE_URL='postgres://db/x'\nEMPTY=\n");
    assertThat(Files.readString(Path.of(seen + ".mode")).strip()).isEqualTo("600");
    Path edited = Path.of(Files.readString(Path.of(seen + ".path")).strip());
    assertThat(edited.getFileName().toString()).startsWith("paas-my-app-config-").endsWith(".sh");
    assertThat(edited).doesNotExist();
    assertThat(result.out()).isEqualTo("""

        Config Diff:
        - A="it's"
        + A=changed
        - DATABASE_URL='postgres://db/x'
        + NEW='two words'

        """);
    assertThat(api.only("PATCH", "/apps/my-app/config-vars").body())
        .isEqualTo("{\"DATABASE_URL\":null,\"A\":\"changed\",\"NEW\":\"two words\"}");
    assertThat(result.err()).contains("Updating config and restarting my-app... done, v8");
  }

  @Test
  void onATerminalItAsksAndANoChangesNothing() throws IOException {
    editor("A=changed\n", 0);
    paas.ttys = TERMINAL;
    paas.env.put("NO_COLOR", "1");
    paas.stdin = "n\n";
    Harness.Result result = paas.run("config:edit", "-a", "my-app");
    assertThat(result.exit()).isEqualTo(1);
    assertThat(result.err()).contains("Update config on my-app with these values? [y/N] ").contains("Aborted");
    assertThat(api.requests()).extracting(FakeApi.Request::method).doesNotContain("PATCH");
  }

  @Test
  void onATerminalAYesAppliesAfterCheckingNobodyChangedTheVarsMeanwhile() throws IOException {
    editor("A=changed\nDATABASE_URL=postgres://db/x\nEMPTY=\n", 0);
    paas.ttys = TERMINAL;
    paas.stdin = "y\n";
    Harness.Result result = paas.run("config:edit", "-a", "my-app");
    assertThat(result.exit()).as(result.err()).isZero();
    assertThat(api.requests().stream().filter(r -> r.path().equals("/apps/my-app/config-vars") && r.method().equals("GET")))
        .hasSize(2);
    assertThat(api.only("PATCH", "/apps/my-app/config-vars").body()).isEqualTo("{\"A\":\"changed\"}");
  }

  @Test
  void withAKeyTheEditorGetsOnlyItsValueAndTheLineBreakItAddsIsDropped() throws IOException {
    editor("-----BEGIN KEY-----\nabc\n", 0);
    Harness.Result result = paas.run("config:edit", "A", "-a", "my-app", "--confirm", "my-app");
    assertThat(result.exit()).as(result.err()).isZero();
    assertThat(Files.readString(Path.of(seen + ".text"))).isEqualTo("it's");
    assertThat(api.only("PATCH", "/apps/my-app/config-vars").body()).isEqualTo("{\"A\":\"-----BEGIN KEY-----\\nabc\"}");
    assertThat(paas.run("config:edit", "1BAD", "-a", "my-app", "--confirm", "my-app").exit()).isEqualTo(2);
  }

  @Test
  void noChangeWarnsAndSendsNothing() throws IOException {
    editor("A=\"it's\"\nDATABASE_URL='postgres://db/x'\nEMPTY=\n", 0);
    Harness.Result result = paas.run("config:edit", "-a", "my-app", "--confirm", "my-app");
    assertThat(result.exit()).isZero();
    assertThat(result.err()).contains("Warning: no changes to config");
    assertThat(api.requests()).extracting(FakeApi.Request::method).containsOnly("GET");
  }

  @Test
  void aFailingEditorOrABadLineChangesNothingAndTheFileIsRemoved() throws IOException {
    editor("A=changed\n", 3);
    Harness.Result failed = paas.run("config:edit", "-a", "my-app", "--confirm", "my-app");
    assertThat(failed.exit()).isEqualTo(1);
    assertThat(failed.err()).contains("exited with 3; nothing was changed");
    assertThat(Path.of(Files.readString(Path.of(seen + ".path")).strip())).doesNotExist();
    editor("A changed\n", 0);
    Harness.Result bad = paas.run("config:edit", "-a", "my-app", "--confirm", "my-app");
    assertThat(bad.exit()).isEqualTo(2);
    assertThat(bad.err()).contains("line 1 is not KEY=VALUE");
    assertThat(api.requests()).extracting(FakeApi.Request::method).containsOnly("GET");
  }

  @Test
  void withoutATerminalOrConfirmItStopsBeforeTheEditorRuns() throws IOException {
    editor("A=changed\n", 0);
    Harness.Result result = paas.run("config:edit", "-a", "my-app");
    assertThat(result.exit()).isEqualTo(1);
    assertThat(result.err()).contains("--confirm my-app");
    assertThat(Path.of(seen + ".text")).doesNotExist();
    assertThat(api.requests()).isEmpty();
  }
}
