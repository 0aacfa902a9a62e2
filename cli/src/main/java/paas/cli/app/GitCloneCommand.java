package paas.cli.app;

import java.nio.file.Files;
import paas.cli.api.ApiClient;
import paas.cli.command.BaseCommand;
import paas.cli.core.CliContext;
import paas.cli.core.CliException;
import paas.cli.core.Json;
import paas.vocabulary.AppName;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** git:clone: clone an app's repository, its remote named as git:remote names it, so `git push paas` deploys. */
@Command(name = "git:clone", description = "Clone an app's git repository into DIRECTORY (default: the app's name), with a remote for the app.",
    footer = {"", "Examples:", "  paas git:clone -a my-app", "  paas git:clone -a my-app ~/src/my-app -r staging"})
public final class GitCloneCommand extends BaseCommand {
  @Parameters(paramLabel = "DIRECTORY", arity = "0..1", description = "Where to clone (default: the app's name).")
  private String directory;

  @Option(names = {"-a", "--app"}, paramLabel = "APP", description = "The app (default: PAAS_APP).")
  private String app;

  @Option(names = {"-r", "--remote"}, paramLabel = "REMOTE", defaultValue = "paas", description = "The git remote to create (default: ${DEFAULT-VALUE}).")
  private String remote;

  public GitCloneCommand(CliContext ctx) {
    super(ctx);
  }

  @Override
  protected void run() {
    String name = app != null && !app.isEmpty() ? app
        : ctx.env("PAAS_APP").orElseThrow(() -> usage("git:clone needs the app: use -a APP"));
    parsed(() -> AppName.check(name));
    String target = directory != null ? directory : name;
    if (Files.exists(ctx.cwd().resolve(target))) {
      throw new CliException(ctx.cwd().resolve(target) + " already exists: give another DIRECTORY");
    }
    String gitUrl = Json.text(api().get(ApiClient.path("apps", name)), "git_url");
    // git would run a helper for other schemes (ext::, fd::): only the ways an app's repository is served.
    if (!gitUrl.matches("(?i)(https?|file)://\\S+")) {
      throw new CliException(name + " has no http(s) git URL (the API gave '" + gitUrl + "')");
    }
    ctx.git().cloneInto(ctx.cwd(), gitUrl, target, remote);
    out.status("Cloned " + name + " into " + target + "; git remote " + remote + " is " + gitUrl);
  }
}
