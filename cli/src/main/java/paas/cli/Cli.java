package paas.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.nio.charset.StandardCharsets;
import paas.cli.access.AccessCommands;
import paas.cli.access.TransferCommand;
import paas.cli.addons.AddonCommands;
import paas.cli.addons.AttachmentCommands;
import paas.cli.addons.PgBackupsCommands;
import paas.cli.addons.PgCommands;
import paas.cli.addons.RedisCommands;
import paas.cli.admin.OrphanCommands;
import paas.cli.app.AppCommands;
import paas.cli.app.GitRemoteCommand;
import paas.cli.app.MaintenanceCommands;
import paas.cli.app.StackCommands;
import paas.cli.auth.LoginCommands;
import paas.cli.auth.TokenCommands;
import paas.cli.auth.UserCommands;
import paas.cli.build.BuildCommands;
import paas.cli.build.BuildpackCommands;
import paas.cli.command.BaseCommand;
import paas.cli.completion.CompletionCommand;
import paas.cli.config.ConfigCommands;
import paas.cli.core.CliContext;
import paas.cli.core.CliException;
import paas.cli.core.ExitCodes;
import paas.cli.core.Output;
import paas.cli.core.Version;
import paas.cli.domain.DomainCommands;
import paas.cli.certs.CertCommands;
import paas.cli.dyno.DynoCommands;
import paas.cli.dyno.RunCommand;
import paas.cli.dyno.RunDetachedCommand;
import paas.cli.dyno.WaitCommand;
import paas.cli.formation.ScaleCommand;
import paas.cli.app.GitCloneCommand;
import paas.cli.help.HelpCommand;
import paas.cli.help.TopicHelp;
import paas.cli.formation.TypeCommand;
import paas.cli.logs.DrainCommands;
import paas.cli.logs.LogsCommand;
import paas.cli.release.ReleaseCommands;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;
import picocli.CommandLine;

/** The `paas` command tree, and how its outcomes map to messages and exit codes. */
public final class Cli {

  private Cli() {}

  /** Runs one command line and returns the exit code; never calls System.exit. */
  public static int run(CliContext ctx, String... args) {
    try {
      CommandLine cli = commandLine(ctx);
      return cli.execute(inReadingOrder(cli, args));
    } finally {
      ctx.out().flush();
      ctx.err().flush();
    }
  }

  /**
   * The arguments as picocli reads them: those of `paas run` and `run:detached` reordered by Heroku's rule (the CLI's
   * options anywhere before --, see {@link RunCommand#inReadingOrder}); any other command's as given.
   */
  private static String[] inReadingOrder(CommandLine cli, String[] args) {
    if (args.length == 0 || !(args[0].equals("run") || args[0].equals("run:detached"))) {
      return args;
    }
    List<String> ordered = new ArrayList<>();
    ordered.add(args[0]);
    ordered.addAll(RunCommand.inReadingOrder(Arrays.asList(args).subList(1, args.length),
        cli.getSubcommands().get(args[0]).getCommandSpec()));
    return ordered.toArray(String[]::new);
  }

  @Command(name = "paas",
      description = "Deploy and run apps on a paas platform, as you would on Heroku.",
      synopsisSubcommandLabel = "COMMAND",
      footer = {"", "Commands act on the app of -a APP, else PAAS_APP, else this repository's git remote.",
          "Run `paas help COMMAND` or `paas COMMAND --help` for a command's options."})
  static final class Root extends BaseCommand {
    @picocli.CommandLine.Option(names = {"-V", "--version"}, versionHelp = true, description = "Print the version and exit.")
    private boolean version;

    Root(CliContext ctx) {
      super(ctx);
    }

    /** As Heroku's CLI: `paas` alone lists the topics (`paas help TOPIC` their commands). */
    @Override
    protected void run() {
      out.raw(new TopicHelp(spec.commandLine()).overview());
    }
  }

  @Command(name = "version", description = "Print the versions of paas and Java.", footer = {"", "Example:", "  paas version"})
  static final class Version extends BaseCommand {
    Version(CliContext ctx) {
      super(ctx);
    }

    @Override
    protected void run() {
      out.line(versionLine(ctx));
    }
  }

  static String versionLine(CliContext ctx) {
    return "paas/" + ctx.version() + " java/" + ctx.javaVersion();
  }

  /** The whole command tree over this context; also what the CLI reference and completion are made from. */
  public static CommandLine commandLine(CliContext ctx) {
    CommandLine cli = new CommandLine(new Root(ctx));
    cli.getCommandSpec().version(versionLine(ctx));
    Object[] commands = {
        new LoginCommands.Login(ctx), new LoginCommands.Logout(ctx), new LoginCommands.Whoami(ctx),
        new LoginCommands.Token(ctx),
        new AppCommands.Apps(ctx), new AppCommands.Create(ctx), new AppCommands.Info(ctx),
        new AppCommands.Open(ctx), new AppCommands.Destroy(ctx), new AppCommands.Rename(ctx),
        new AccessCommands.Access(ctx), new AccessCommands.Add(ctx), new AccessCommands.Remove(ctx), new TransferCommand(ctx),
        new MaintenanceCommands.Show(ctx), new MaintenanceCommands.On(ctx), new MaintenanceCommands.Off(ctx),
        new ConfigCommands.Show(ctx), new ConfigCommands.Get(ctx), new ConfigCommands.Set(ctx),
        new ConfigCommands.Unset(ctx), new ConfigCommands.Edit(ctx),
        new ReleaseCommands.ReleaseList(ctx), new ReleaseCommands.Info(ctx), new ReleaseCommands.ReleaseOutput(ctx),
        new ReleaseCommands.Rollback(ctx),
        new ReleaseCommands.DeployImage(ctx), new StackCommands.Show(ctx), new StackCommands.Set(ctx),
        new ScaleCommand(ctx),
        new DynoCommands.Ps(ctx), new DynoCommands.Restart(ctx), new DynoCommands.Stop(ctx), new RunCommand(ctx),
        new TypeCommand(ctx), new WaitCommand(ctx), new RunDetachedCommand(ctx),
        new LogsCommand(ctx), new DrainCommands.Drains(ctx), new DrainCommands.Add(ctx), new DrainCommands.Remove(ctx),
        new DomainCommands.Domains(ctx), new DomainCommands.Add(ctx), new DomainCommands.Remove(ctx),
        new DomainCommands.Info(ctx), new DomainCommands.Clear(ctx),
        new CertCommands.Certs(ctx), new CertCommands.Add(ctx), new CertCommands.Info(ctx),
        new CertCommands.Update(ctx), new CertCommands.Remove(ctx), new CertCommands.Auto(ctx),
        new CertCommands.Enable(ctx), new CertCommands.Disable(ctx), new CertCommands.Refresh(ctx),
        new CertCommands.Redirect(ctx),
        new AddonCommands.Addons(ctx), new AddonCommands.Create(ctx), new AddonCommands.Info(ctx),
        new AddonCommands.Destroy(ctx), new AddonCommands.Reprovision(ctx), new AttachmentCommands.Attach(ctx),
        new AttachmentCommands.Detach(ctx),
        new PgCommands.Promote(ctx), new PgCommands.Info(ctx), new PgCommands.Psql(ctx), new PgCommands.Reset(ctx),
        new PgBackupsCommands.Index(ctx), new PgBackupsCommands.Capture(ctx),
        new PgBackupsCommands.Info(ctx), new PgBackupsCommands.Download(ctx), new PgBackupsCommands.Restore(ctx),
        new PgBackupsCommands.Delete(ctx), new PgBackupsCommands.Schedule(ctx), new PgBackupsCommands.Unschedule(ctx),
        new PgBackupsCommands.Schedules(ctx), new RedisCommands.Info(ctx), new RedisCommands.Cli(ctx),
        new BuildCommands.BuildList(ctx), new BuildCommands.Info(ctx), new BuildCommands.BuildOutput(ctx),
        new BuildpackCommands.Buildpacks(ctx), new BuildpackCommands.Set(ctx), new BuildpackCommands.Add(ctx),
        new BuildpackCommands.Remove(ctx), new BuildpackCommands.Clear(ctx),
        new GitRemoteCommand(ctx), new GitCloneCommand(ctx),
        new TokenCommands.UsersCreate(ctx), new TokenCommands.Authorizations(ctx), new TokenCommands.Create(ctx),
        new TokenCommands.Revoke(ctx), new UserCommands.Users(ctx), new UserCommands.Disable(ctx),
        new UserCommands.Enable(ctx), new UserCommands.Destroy(ctx),
        new OrphanCommands.Orphans(ctx), new OrphanCommands.Remove(ctx),
        new CompletionCommand(ctx), new Version(ctx), new HelpCommand(ctx),
    };
    for (Object command : commands) {
      cli.addSubcommand(command);
    }
    Output output = new Output(ctx);
    cli.setExpandAtFiles(false)
        .setOut(new PrintWriter(ctx.out(), true, StandardCharsets.UTF_8))
        .setErr(new PrintWriter(ctx.err(), true, StandardCharsets.UTF_8))
        .setColorScheme(Help.defaultColorScheme(output.colorOnStdout() ? Help.Ansi.ON : Help.Ansi.OFF))
        .setParameterExceptionHandler((ex, args) -> usageError(ex, output))
        .setExecutionExceptionHandler((ex, cmd, parsed) -> failure(ex, output, ctx));
    // After the reordering of inReadingOrder, the command's words follow "--"; one that picocli
    // would still take for an option (none should) stays the command's.
    cli.getSubcommands().get("run").setStopAtPositional(true);
    return cli;
  }

  private static int usageError(ParameterException ex, Output output) {
    CommandLine cmd = ex.getCommandLine();
    String message = ex.getMessage();
    if (ex instanceof UnmatchedArgumentException unmatched && cmd.getParent() == null
        && !unmatched.getUnmatched().isEmpty() && !unmatched.getUnmatched().getFirst().startsWith("-")) {
      message = "'" + unmatched.getUnmatched().getFirst() + "' is not a paas command";
    }
    output.error(message);
    PrintWriter err = cmd.getErr();
    UnmatchedArgumentException.printSuggestions(ex, err);
    err.println("See `" + cmd.getCommandSpec().qualifiedName() + " --help`.");
    err.flush();
    return ExitCodes.USAGE;
  }

  private static int failure(Exception ex, Output output, CliContext ctx) {
    if (ex instanceof CliException cli) {
      output.error(cli.getMessage());
      return cli.exitCode();
    }
    output.error("unexpected error: " + ex + (ctx.env("PAAS_DEBUG").isPresent() ? "" : " (set PAAS_DEBUG=1 for details)"));
    if (ctx.env("PAAS_DEBUG").isPresent()) {
      ex.printStackTrace(ctx.err());
    }
    return ExitCodes.FAILED;
  }
}
