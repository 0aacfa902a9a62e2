package paas.cli;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import paas.cli.core.CliContext;

/** Runs `paas` in-process against a chosen environment, HOME, cwd, stdin and git. */
public final class Harness {
  public record Result(int exit, String out, String err) {}

  public final Path home;
  public final Path cwd;
  public final Map<String, String> env = new HashMap<>();
  public final FakeGit git = new FakeGit();
  /** The git the commands get when set (a real one, for commands that run git itself); else {@link #git}. */
  public paas.cli.core.Git realGit;
  public CliContext.Ttys ttys = CliContext.Ttys.NONE;
  public CliContext.SecretPrompt prompt = p -> {
    throw new AssertionError("no terminal prompt expected");
  };
  public String stdin = "";
  public CliContext.Terminal terminal = CliContext.Terminal.NONE;
  /** Now, for the times commands show with their age: a fixed instant in UTC unless a test sets another. */
  public Clock clock = Clock.fixed(Instant.parse("2026-11-24T22:06:00Z"), ZoneOffset.UTC);

  public Harness(Path home, Path cwd) {
    this.home = home;
    this.cwd = cwd;
  }

  /** A harness pointed at the fake API, with a token in the environment. */
  public static Harness against(FakeApi api, Path dir) {
    Harness harness = new Harness(dir.resolve("home"), dir);
    harness.env.put("PAAS_API_URL", api.url());
    harness.env.put("PAAS_API_TOKEN", "secret-token");
    return harness;
  }

  public Result run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    CliContext ctx = new CliContext(env, home, cwd,
        new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
        ttys, realGit != null ? realGit : git, prompt, terminal, "0.1.0", "21.0.1", clock);
    int exit = Cli.run(ctx, args);
    return new Result(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }
}
