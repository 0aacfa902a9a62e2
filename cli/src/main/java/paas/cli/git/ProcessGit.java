package paas.cli.git;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import paas.cli.core.CliException;
import paas.cli.core.Git;

/** {@link Git} by running the {@code git} binary with an argument list (never a shell string). */
public final class ProcessGit implements Git {
  private static final long TIMEOUT_SECONDS = 30;

  private record Result(int exit, String out, String err) {}

  @Override
  public Map<String, String> remotes(Path dir) {
    Result result;
    try {
      result = run(dir, "config", "--get-regexp", "^remote\\..*\\.url$");
    } catch (IOException e) {
      return Map.of();
    }
    Map<String, String> remotes = new LinkedHashMap<>();
    if (result.exit() != 0) {
      return remotes;
    }
    for (String line : result.out().split("\n")) {
      int space = line.indexOf(' ');
      if (space < 0) {
        continue;
      }
      String key = line.substring(0, space);
      if (key.startsWith("remote.") && key.endsWith(".url") && key.length() > ".url".length() + "remote.".length()) {
        remotes.putIfAbsent(key.substring("remote.".length(), key.length() - ".url".length()), line.substring(space + 1).strip());
      }
    }
    return remotes;
  }

  @Override
  public boolean isRepository(Path dir) {
    try {
      return run(dir, "rev-parse", "--git-dir").exit() == 0;
    } catch (IOException e) {
      return false;
    }
  }

  @Override
  public void addRemote(Path dir, String name, String url) {
    change(dir, "remote", "add", name, url);
  }

  @Override
  public void setRemoteUrl(Path dir, String name, String url) {
    change(dir, "remote", "set-url", name, url);
  }

  @Override
  public void removeRemote(Path dir, String name) {
    change(dir, "remote", "remove", name);
  }

  @Override
  public void cloneInto(Path dir, String url, String directory, String remote) {
    List<String> command = List.of("git", "clone", "--origin", remote, "--", url, directory);
    Process process;
    try {
      // A clone takes as long as the repository is big: no timeout, and git's progress shows as it goes.
      process = new ProcessBuilder(command).directory(dir.toFile())
          .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
          .redirectOutput(ProcessBuilder.Redirect.INHERIT).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    } catch (IOException e) {
      throw new CliException("cannot run git (" + e.getMessage() + "): install git", e);
    }
    try {
      int exit = process.waitFor();
      if (exit != 0) {
        throw new CliException("git clone of " + url + " failed (exit " + exit + "); its message is above");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroy();
      throw new CliException("interrupted while git cloned " + url, e);
    }
  }

  private void change(Path dir, String... args) {
    Result result;
    try {
      result = run(dir, args);
    } catch (IOException e) {
      throw new CliException("cannot run git (" + e.getMessage() + "): install git, or add the remote yourself", e);
    }
    if (result.exit() != 0) {
      throw new CliException("git " + String.join(" ", args) + " failed: " + result.err().strip());
    }
  }

  private static Result run(Path dir, String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add("git");
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).directory(dir.toFile()).start();
    process.getOutputStream().close();
    CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> drain(process.getErrorStream()));
    String out = drain(process.getInputStream());
    try {
      if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IOException("git " + args[0] + " did not finish within " + TIMEOUT_SECONDS + " s");
      }
      return new Result(process.exitValue(), out, err.join());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
      throw new IOException("interrupted while running git", e);
    }
  }

  private static String drain(InputStream in) {
    try (in) {
      ByteArrayOutputStream buffer = new ByteArrayOutputStream();
      in.transferTo(buffer);
      return buffer.toString(StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
