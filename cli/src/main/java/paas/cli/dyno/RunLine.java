package paas.cli.dyno;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Heroku's rule for the arguments of {@code run}: the CLI's own options may stand anywhere before
 * {@code --} ({@code paas run bash -a my-app} is {@code paas run -a my-app bash}); every other
 * argument, an unknown option like {@code -la} too, is a word of the command, in order; everything
 * after the first {@code --} is the command's as it is. After the command's first word only
 * Heroku's {@code run} flags are the CLI's: {@code paas run rake --help} asks rake, and
 * {@code paas run psql -d mydb} gives psql its {@code -d}.
 *
 * <p>The options known are those picocli declares for the command, so this rule and the help text
 * cannot disagree. An option's value must be the next argument or follow {@code =}
 * ({@code --app=my-app}): a joined short form like {@code -amy-app} is a command word, so that
 * {@code ls -al} never becomes {@code -a l}.
 */
final class RunLine {
  private static final String END_OF_OPTIONS = "--";
  /**
   * The options Heroku's {@code run} and {@code run:detached} take after the command's first word. The CLI's others
   * ({@code -d/--detached}, which Heroku spells {@code run:detached}, and {@code -h/--help}) are
   * the command's there: {@code paas run psql -d mydb} gives psql its {@code -d}.
   */
  private static final java.util.Set<String> HEROKU_RUN_FLAGS =
      java.util.Set.of("--app", "--remote", "--size", "--env", "--exit-code", "--no-tty", "--type", "--tail");

  private RunLine() {}

  /**
   * The arguments after {@code run} in the order picocli reads them: the CLI's options first, then
   * {@code --} and the command's words (nothing more when there are none).
   */
  static List<String> reorder(List<String> args, CommandSpec run) {
    List<String> options = new ArrayList<>();
    List<String> command = new ArrayList<>();
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (arg.equals(END_OF_OPTIONS)) {
        command.addAll(args.subList(i + 1, args.size()));
        break;
      }
      OptionSpec option = known(arg, run);
      boolean afterCommandWord = !command.isEmpty();
      if (option == null || (afterCommandWord && !HEROKU_RUN_FLAGS.contains(option.longestName()))) {
        command.add(arg);
        continue;
      }
      options.add(arg);
      if (takesValue(option) && !arg.contains("=") && i + 1 < args.size()) {
        options.add(args.get(++i));
      }
    }
    List<String> ordered = new ArrayList<>(options);
    if (!command.isEmpty()) {
      ordered.add(END_OF_OPTIONS);
      ordered.addAll(command);
    }
    return ordered;
  }

  /** The option {@code arg} names, as {@code -a}, {@code --app} or {@code --app=VALUE}; null when none. */
  private static OptionSpec known(String arg, CommandSpec run) {
    if (!arg.startsWith("-")) {
      return null;
    }
    int eq = arg.indexOf('=');
    String name = eq > 0 ? arg.substring(0, eq) : arg;
    OptionSpec option = run.findOption(name);
    // findOption also matches a name without its dashes; only the exact spelling counts here.
    if (option == null || !List.of(option.names()).contains(name)) {
      return null;
    }
    if (eq > 0 && !takesValue(option)) {
      return null;
    }
    return option;
  }

  private static boolean takesValue(OptionSpec option) {
    return option.arity().max() > 0 && !option.typeInfo().isBoolean();
  }
}
