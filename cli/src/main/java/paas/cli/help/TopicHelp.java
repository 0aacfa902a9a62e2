package paas.cli.help;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import paas.cli.format.Text;
import picocli.CommandLine;

/**
 * The help pages Heroku's CLI prints by topic: `paas` alone lists the topics with what each is for;
 * `paas help TOPIC` lists the topic's commands with the first sentence of each one's description.
 */
public final class TopicHelp {
  private static final String INDENT = "  ";

  private final CommandLine root;

  public TopicHelp(CommandLine root) {
    this.root = root;
  }

  /** The topics, for `paas` with no arguments and `paas --help`. */
  public String overview() {
    List<List<String>> rows = new ArrayList<>();
    Topics.group(root).keySet().forEach(topic ->
        rows.add(List.of(topic, Topics.named(topic).map(Topics.Topic::summary).orElse(""))));
    String name = root.getCommandName();
    return String.join("\n", root.getCommandSpec().usageMessage().description()) + "\n\n"
        + "USAGE\n" + INDENT + "$ " + name + " COMMAND\n\n"
        + "TOPICS\n" + indented(rows) + "\n"
        + "Run `" + name + " help TOPIC` for a topic's commands, `" + name + " help COMMAND` for a command's options.\n"
        + "Commands act on the app of -a APP, else PAAS_APP, else this repository's git remote.\n";
  }

  /** Whether `paas help name` lists a topic: one with several commands (run, with one, gets its command's help). */
  public boolean isListedTopic(String name) {
    List<CommandLine> commands = Topics.group(root).get(name);
    return commands != null && commands.size() > 1;
  }

  /** The commands of a topic, for `paas help TOPIC`. */
  public String topic(String name) {
    Map<String, List<CommandLine>> grouped = Topics.group(root);
    List<List<String>> rows = new ArrayList<>();
    for (CommandLine command : grouped.getOrDefault(name, List.of())) {
      rows.add(List.of(command.getCommandName(), firstSentence(command)));
    }
    String summary = Topics.named(name).map(Topics.Topic::summary).orElse(name + " commands.");
    return summary + "\n\n"
        + "USAGE\n" + INDENT + "$ " + root.getCommandName() + " " + name + ":COMMAND\n\n"
        + "COMMANDS\n" + indented(rows) + "\n"
        + "Run `" + root.getCommandName() + " help COMMAND` for a command's options.\n";
  }

  private static String indented(List<List<String>> rows) {
    StringBuilder text = new StringBuilder();
    for (String line : Text.table(null, rows)) {
      text.append(INDENT).append(line.stripTrailing()).append('\n');
    }
    return text.toString();
  }

  private static String firstSentence(CommandLine command) {
    String description = String.join(" ", command.getCommandSpec().usageMessage().description())
        .replace("%n", " ").strip();
    int end = description.indexOf(". ");
    return end < 0 ? description : description.substring(0, end + 1);
  }
}
