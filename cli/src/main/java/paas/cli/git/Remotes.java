package paas.cli.git;

import java.net.URI;
import java.util.List;
import paas.cli.core.CliContext;

/** The git remotes of the working directory that point at one app. */
public final class Remotes {
  private Remotes() {}

  public static List<String> pointingAt(CliContext ctx, String app, URI apiUrl) {
    return ctx.git().remotes(ctx.cwd()).entrySet().stream()
        .filter(e -> AppResolver.appFromRemoteUrl(e.getValue(), apiUrl).filter(app::equals).isPresent())
        .map(java.util.Map.Entry::getKey)
        .toList();
  }
}
