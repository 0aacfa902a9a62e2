package paas.cli.completion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import paas.cli.Harness;

/** `paas completion`: a script bash accepts, that completes the real commands, colons and all. */
class CompletionCommandTest {
  @TempDir
  Path dir;

  @Test
  void bashAcceptsTheScript() throws Exception {
    Path script = script("bash");
    Bash result = bash("-n", script.toString());
    assertEquals(0, result.exit(), result.output());
  }

  @Test
  void theFirstLettersOfATopicOfferItsCommands() throws Exception {
    // `paas con<TAB>`: bash's words as it splits them at a tab.
    assertEquals(List.of("config", "config:get", "config:set", "config:add", "config:unset", "config:remove", "config:edit"),
        complete("bash", "paas con", "paas", "con"));
  }

  @Test
  void aCommandWithAColonIsCompletedAfterTheColonBashSplitsAt() throws Exception {
    // `paas config:s<TAB>`: bash splits at the colon and replaces only the part after it.
    assertEquals(List.of("set"), complete("bash", "paas config:s", "paas", "config", ":", "s"));
    assertEquals(List.of("capture"),
        complete("bash", "paas pg:backups:c", "paas", "pg", ":", "backups", ":", "c"));
  }

  @Test
  void aCommandsOptionsAreOffered() throws Exception {
    List<String> offered = complete("bash", "paas config:set -", "paas", "config", ":", "set", "-");
    assertTrue(offered.containsAll(List.of("-a", "--app", "-r", "--remote", "-h", "--help")), offered.toString());
  }

  @Test
  void theZshScriptIsTheBashOneForBashcompinit() throws Exception {
    String zsh = Files.readString(script("zsh"));
    assertTrue(zsh.startsWith("# paas completion for zsh"), zsh.substring(0, 80));
    assertTrue(zsh.contains("bashcompinit"), "loads zsh's bash completion emulation");
    assertEquals(List.of("completion"), complete("zsh", "paas compl", "paas", "compl"));
  }

  @Test
  void zshAcceptsItsScript() throws Exception {
    // zsh is not on every CI machine; where it is, its own parser checks the script. The colon
    // joining must step aside under zsh: it numbers arrays from 1 and keeps config:set one word
    // (an interactive zsh completing `paas config:s` to `paas config:set` was checked by hand).
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/zsh")) || Files.isExecutable(Path.of("/bin/zsh")), "zsh is installed");
    Path script = script("zsh");
    Process process = new ProcessBuilder("zsh", "-f", "-n", script.toString()).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(30, TimeUnit.SECONDS), "zsh finished");
    assertEquals(0, process.exitValue(), output);
    assertTrue(Files.readString(script).contains("if [[ -n ${ZSH_VERSION-} ]]; then _complete_paas; return; fi"),
        "under zsh the colon joining steps aside");
  }

  @Test
  void anotherShellIsAUsageError() {
    Harness.Result result = new Harness(dir, dir).run("completion", "fish");
    assertEquals(2, result.exit());
    assertTrue(result.err().contains("bash, zsh"), result.err());
    assertEquals("", result.out());
  }

  private Path script(String shell) throws IOException {
    Harness.Result result = new Harness(dir, dir).run("completion", shell);
    assertEquals(0, result.exit(), result.err());
    Path script = dir.resolve("paas." + shell);
    Files.writeString(script, result.out());
    return script;
  }

  /** What the script's completion function answers for a command line, split into words as bash does. */
  private List<String> complete(String shell, String line, String... words) throws Exception {
    Path script = script(shell);
    String program = String.join("\n",
        "source \"$1\"; shift",
        "COMP_LINE=$1; COMP_POINT=${#1}; shift",
        "COMP_WORDS=(\"$@\"); COMP_CWORD=$(( $# - 1 ))",
        "$(complete -p paas | sed -E 's/.*-F ([^ ]+).*/\\1/')",
        "printf '%s\\n' \"${COMPREPLY[@]}\"");
    String[] args = new String[words.length + 5];
    args[0] = "-c";
    args[1] = program;
    args[2] = "bash";
    args[3] = script.toString();
    args[4] = line;
    System.arraycopy(words, 0, args, 5, words.length);
    Bash result = bash(args);
    assertEquals(0, result.exit(), result.output());
    return result.output().lines().filter(l -> !l.isEmpty()).toList();
  }

  private record Bash(int exit, String output) {}

  private Bash bash(String... args) throws Exception {
    List<String> command = new java.util.ArrayList<>(List.of("bash", "--norc", "--noprofile"));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    process.getOutputStream().close();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(30, TimeUnit.SECONDS), "bash finished");
    return new Bash(process.exitValue(), output);
  }
}
