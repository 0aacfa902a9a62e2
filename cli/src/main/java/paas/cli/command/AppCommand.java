package paas.cli.command;

import paas.cli.core.CliContext;
import paas.cli.git.AppResolver;
import picocli.CommandLine.Mixin;

/** A command about one app, found with -a/--app, PAAS_APP or the git remote. */
public abstract class AppCommand extends BaseCommand {
  @Mixin
  private AppOptions appOptions;

  private String app;

  protected AppCommand(CliContext ctx) {
    super(ctx);
  }

  protected String app() {
    if (app == null) {
      app = AppResolver.resolve(
          appOptions.app(),
          appOptions.remote(),
          ctx.env("PAAS_APP"),
          () -> ctx.git().remotes(ctx.cwd()),
          credentials().apiUrl());
    }
    return app;
  }
}
