package paas.cli.app;

import paas.cli.api.ApiClient;
import paas.cli.command.BaseCommand;
import paas.cli.core.CliContext;
import paas.cli.core.CliException;
import paas.cli.core.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** git:remote: point a git remote of this repository at an app, so `git push paas main` deploys it. */
@Command(name = "git:remote", description = "Add or update a git remote of this repository for an app.",
    footer = {"", "Examples:", "  paas git:remote -a my-app", "  paas git:remote -a my-app -r staging"})
public final class GitRemoteCommand extends BaseCommand {
  @Option(names = {"-a", "--app"}, paramLabel = "APP", description = "The app (default: PAAS_APP).")
  private String app;

  @Option(names = {"-r", "--remote"}, paramLabel = "REMOTE", defaultValue = "paas", description = "The git remote to set (default: ${DEFAULT-VALUE}).")
  private String remote;

  public GitRemoteCommand(CliContext ctx) {
    super(ctx);
  }

  @Override
  protected void run() {
    String name = app != null && !app.isEmpty() ? app
        : ctx.env("PAAS_APP").orElseThrow(() -> usage("git:remote needs the app: use -a APP"));
    if (!ctx.git().isRepository(ctx.cwd())) {
      throw new CliException(ctx.cwd() + " is not in a git repository: cd into your app's repository, or run `git init` first");
    }
    String gitUrl = Json.text(api().get(ApiClient.path("apps", name)), "git_url");
    if (ctx.git().remotes(ctx.cwd()).containsKey(remote)) {
      ctx.git().setRemoteUrl(ctx.cwd(), remote, gitUrl);
    } else {
      ctx.git().addRemote(ctx.cwd(), remote, gitUrl);
    }
    out.status("set git remote " + remote + " to " + gitUrl);
  }
}
