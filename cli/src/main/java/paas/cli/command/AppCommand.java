package paas.cli.command;

import java.util.Optional;
import paas.cli.core.CliContext;
import paas.cli.core.CliException;
import paas.cli.git.AppResolver;
import picocli.CommandLine.Mixin;

/** A command about one app, found with -a/--app, PAAS_APP or the git remote. */
public abstract class AppCommand extends BaseCommand {
  @Mixin
  private AppOptions appOptions;

  private Optional<String> app;

  protected AppCommand(CliContext ctx) {
    super(ctx);
  }

  protected String app() {
    return appIfAny().orElseThrow(() -> new CliException(AppResolver.NO_APP));
  }

  /**
   * The app, or empty when nothing names one (no -a, no PAAS_APP, no git remote of an app here):
   * for commands that then act on every app, as `paas addons` does outside an app's repository.
   */
  protected Optional<String> appIfAny() {
    if (app == null) {
      app = AppResolver.resolveIfAny(
          appOptions.app(),
          appOptions.remote(),
          ctx.env("PAAS_APP"),
          () -> ctx.git().remotes(ctx.cwd()),
          credentials().apiUrl());
    }
    return app;
  }
}
