package paas.cli.command;

import java.util.Optional;
import picocli.CommandLine.Option;

/** -a/--app and -r/--remote, shared by every command that acts on one app. */
public final class AppOptions {
  @Option(names = {"-a", "--app"}, paramLabel = "APP", description = "The app (default: PAAS_APP, or the app of this repository's git remote).")
  private String app;

  @Option(names = {"-r", "--remote"}, paramLabel = "REMOTE", description = "The git remote whose app to use, when several point at this platform.")
  private String remote;

  public Optional<String> app() {
    return Optional.ofNullable(app).filter(a -> !a.isEmpty());
  }

  public Optional<String> remote() {
    return Optional.ofNullable(remote).filter(r -> !r.isEmpty());
  }
}
