package paas.cli.app;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import paas.cli.core.CliContext;

/**
 * Opens a URL in the user's browser: the command of $BROWSER (its words split on blanks, the URL
 * added as the last argument; never through a shell), else xdg-open when it is on the PATH.
 */
final class Browser {
  private static final String XDG_OPEN = "xdg-open";

  private final CliContext ctx;

  Browser(CliContext ctx) {
    this.ctx = ctx;
  }

  /** The command that would open url, when there is one. */
  Optional<List<String>> command(String url) {
    Optional<String> browser = ctx.env("BROWSER").map(String::strip).filter(b -> !b.isEmpty());
    List<String> command = new ArrayList<>();
    if (browser.isPresent()) {
      command.addAll(Arrays.asList(browser.get().split("\\s+")));
    } else {
      Optional<Path> xdgOpen = onPath(XDG_OPEN);
      if (xdgOpen.isEmpty()) {
        return Optional.empty();
      }
      command.add(xdgOpen.get().toString());
    }
    command.add(url);
    return Optional.of(command);
  }

  /**
   * Starts the browser on url and does not wait for it (a browser may run for hours).
   *
   * @return false when there is no browser to start, or it could not start
   */
  boolean open(String url) {
    Optional<List<String>> command = command(url);
    if (command.isEmpty()) {
      return false;
    }
    try {
      Process process = new ProcessBuilder(command.get())
          .directory(ctx.cwd().toFile())
          .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
          .redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .redirectError(ProcessBuilder.Redirect.DISCARD)
          .start();
      process.getOutputStream().close();
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private Optional<Path> onPath(String name) {
    for (String dir : ctx.env().getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (dir.isEmpty()) {
        continue;
      }
      Path candidate = Path.of(dir, name);
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }
}
