package paas.cli.help;

import paas.cli.command.BaseCommand;
import paas.cli.core.CliContext;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** help [TOPIC|COMMAND]: the topics, a topic's commands, or a command's options, as Heroku's help. */
@Command(name = "help", description = "List the topics, a topic's commands, or a command's options.",
    footer = {"", "Examples:", "  paas help", "  paas help config", "  paas help config:set"})
public final class HelpCommand extends BaseCommand {
  @Parameters(paramLabel = "TOPIC|COMMAND", arity = "0..1", description = "A topic (such as config) or a command (such as config:set).")
  private String name;

  public HelpCommand(CliContext ctx) {
    super(ctx);
  }

  @Override
  protected void run() {
    CommandLine root = spec.root().commandLine();
    TopicHelp help = new TopicHelp(root);
    if (name == null) {
      out.raw(help.overview());
    } else if (help.isListedTopic(name)) {
      out.raw(help.topic(name));
    } else if (root.getSubcommands().containsKey(name)) {
      CommandLine command = root.getSubcommands().get(name);
      command.usage(command.getOut(), command.getColorScheme());
    } else {
      throw usage("'" + name + "' is neither a topic nor a command: `" + root.getCommandName() + " help` lists the topics");
    }
  }
}
