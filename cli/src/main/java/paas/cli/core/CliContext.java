package paas.cli.core;

import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything a command may read from the outside world, built once in {@link Main}. Tests build
 * their own, so no command reads {@code System.getenv}, the real HOME or the real working directory.
 *
 * @param env the environment variables
 * @param home the user's home directory (for ~/.netrc and ~/.config)
 * @param cwd the directory the command runs in (for git remotes)
 * @param stdin standard input (a token for {@code paas login})
 * @param out standard output: data only
 * @param err standard error: progress, status and errors
 * @param ttys which standard streams are terminals, as the launcher saw them
 * @param git access to the git repository around {@code cwd}
 * @param prompt reads a secret from the terminal without echo
 * @param terminal switches the controlling terminal to raw mode and back (for {@code paas run})
 * @param version this CLI's version, e.g. {@code 0.1.0}
 * @param javaVersion the running Java version
 * @param clock now and the local time zone, for times shown as Heroku shows them ("... (~ 3s ago)")
 */
public record CliContext(
    Map<String, String> env,
    Path home,
    Path cwd,
    InputStream stdin,
    PrintStream out,
    PrintStream err,
    Ttys ttys,
    Git git,
    SecretPrompt prompt,
    Terminal terminal,
    String version,
    String javaVersion,
    Clock clock) {

  public CliContext {
    env = Map.copyOf(env);
    Objects.requireNonNull(home, "home");
    Objects.requireNonNull(cwd, "cwd");
    Objects.requireNonNull(stdin, "stdin");
    Objects.requireNonNull(out, "out");
    Objects.requireNonNull(err, "err");
    Objects.requireNonNull(ttys, "ttys");
    Objects.requireNonNull(git, "git");
    Objects.requireNonNull(prompt, "prompt");
    Objects.requireNonNull(terminal, "terminal");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(javaVersion, "javaVersion");
    Objects.requireNonNull(clock, "clock");
  }

  /** A context on the system clock in the machine's time zone. */
  public CliContext(Map<String, String> env, Path home, Path cwd, InputStream stdin, PrintStream out, PrintStream err,
      Ttys ttys, Git git, SecretPrompt prompt, Terminal terminal, String version, String javaVersion) {
    this(env, home, cwd, stdin, out, err, ttys, git, prompt, terminal, version, javaVersion, Clock.systemDefaultZone());
  }

  /** The variable's value, or empty when it is unset or set to the empty string. */
  public Optional<String> env(String name) {
    return Optional.ofNullable(env.get(name)).filter(v -> !v.isEmpty());
  }

  /** Which of stdin, stdout and stderr are terminals. */
  public record Ttys(boolean stdin, boolean stdout, boolean stderr) {
    public static final Ttys NONE = new Ttys(false, false, false);
  }

  /** Reads one secret line from the terminal, showing {@code prompt} and not echoing the input. */
  @FunctionalInterface
  public interface SecretPrompt {
    String read(String prompt) throws java.io.IOException;
  }

  /** The controlling terminal's line discipline. */
  @FunctionalInterface
  public interface Terminal {
    /** No terminal to change: raw mode is a no-op. */
    Terminal NONE = () -> () -> {};

    /**
     * Puts the terminal into raw mode without echo, so every key (Ctrl-C and Ctrl-D too) goes to
     * the remote terminal as it is typed. Never fails: without a terminal nothing changes.
     *
     * @return restores the previous mode when closed; closing twice does nothing
     */
    Restore raw();

    /** The terminal's size, when there is one and it says. */
    default java.util.Optional<Size> size() {
      return java.util.Optional.empty();
    }

    /**
     * Runs {@code resized} (on a thread of its own) each time the terminal's window is resized,
     * until the handle is closed. Never fails: where resizes cannot be seen, nothing happens.
     */
    default Restore onResize(Runnable resized) {
      return () -> {};
    }
  }

  /** A terminal's rows and columns. */
  public record Size(int rows, int columns) {}

  /** Puts the terminal back as it was. */
  @FunctionalInterface
  public interface Restore extends AutoCloseable {
    @Override
    void close();
  }
}
