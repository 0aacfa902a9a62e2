package paas.cli.doc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import paas.cli.Cli;
import paas.cli.help.Topics;
import picocli.CommandLine;

/** docs/cli-reference.md says what the commands define: generated in memory and compared. */
class CliReferenceTest {
  /** Tests run in the module's directory, cli/. */
  private static final Path CHECKED_IN = Path.of("..", "docs", "cli-reference.md");
  /** The hand-written guide, whose tour of the commands must not fall behind them. */
  private static final Path GUIDE = Path.of("..", "docs", "cli.md");

  private final CommandLine tree = Cli.commandLine(CliReference.describingOnly());

  @Test
  void theCheckedInReferenceIsWhatTheCommandsDefine() throws Exception {
    String generated = new CliReference(tree).markdown();
    if (!Files.exists(CHECKED_IN)) {
      fail("docs/cli-reference.md is missing: run " + CliReference.REGENERATE + " and commit it");
    }
    List<String> expected = generated.lines().toList();
    List<String> actual = Files.readString(CHECKED_IN).lines().toList();
    for (int i = 0; i < Math.max(expected.size(), actual.size()); i++) {
      String want = i < expected.size() ? expected.get(i) : "(end of file)";
      String have = i < actual.size() ? actual.get(i) : "(end of file)";
      if (!want.equals(have)) {
        fail("docs/cli-reference.md differs from the commands' definitions: run " + CliReference.REGENERATE
            + " and commit it. First difference, line " + (i + 1) + ":\n  in the file: " + have
            + "\n  generated:   " + want);
      }
    }
    assertEquals(generated, Files.readString(CHECKED_IN), "run " + CliReference.REGENERATE);
  }

  @Test
  void everyCommandAndAliasIsInTheReference() {
    String reference = new CliReference(tree).markdown();
    Set<CommandLine> commands = new LinkedHashSet<>(tree.getSubcommands().values());
    for (CommandLine command : commands) {
      assertTrue(reference.contains("\n### paas " + command.getCommandName() + "\n"), command.getCommandName());
      for (String alias : command.getCommandSpec().aliases()) {
        assertTrue(reference.contains("`" + alias + "`"), alias);
      }
    }
  }

  @Test
  void everyCommandIsInTheGuide() throws Exception {
    String guide = Files.readString(GUIDE);
    List<String> missing = new LinkedHashSet<>(tree.getSubcommands().values()).stream()
        .map(CommandLine::getCommandName)
        .filter(name -> !java.util.regex.Pattern.compile("`(paas )?" + java.util.regex.Pattern.quote(name) + "[ `\\\\]")
            .matcher(guide).find())
        .toList();
    assertEquals(List.of(), missing, "say what they do in docs/cli.md (its Commands table, or a section of their own)");
  }

  @Test
  void everyCommandIsInATopicTheReferenceIntroduces() {
    // A new command family (say, `teams:*`) needs its line in Topics.ORDER, so its section says what it is for.
    List<String> unintroduced = new LinkedHashSet<>(tree.getSubcommands().values()).stream()
        .map(CommandLine::getCommandName)
        .filter(name -> Topics.named(Topics.of(name)).isEmpty())
        .toList();
    assertEquals(List.of(), unintroduced, "add their topics to Topics.ORDER");
  }

  @Test
  void commandsWhoseNamesDoNotSayTheirTopicAreGroupedAsHerokuDoes() {
    assertEquals("releases", Topics.of("rollback"));
    assertEquals("ps", Topics.of("scale"));
    assertEquals("pg", Topics.of("pg:backups:capture"));
    assertEquals("config", Topics.of("config"));
  }
}
