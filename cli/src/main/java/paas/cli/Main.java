package paas.cli;

import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.Console;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import paas.cli.core.CliContext;
import paas.cli.core.SttyTerminal;
import paas.cli.core.Version;
import paas.cli.git.ProcessGit;

/** The composition root: reads the environment once, builds the context, runs, exits. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    PrintStream out = new PrintStream(new BufferedOutputStream(new FileOutputStream(FileDescriptor.out)), false, StandardCharsets.UTF_8);
    PrintStream err = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
    Map<String, String> env = System.getenv();
    String home = env.getOrDefault("HOME", "");
    CliContext ctx = new CliContext(
        env,
        Path.of(home.isEmpty() ? System.getProperty("user.home") : home),
        Path.of(System.getProperty("user.dir")).toAbsolutePath(),
        System.in,
        out,
        err,
        // The launcher tests the streams with [ -t N ]; Java cannot tell them apart by itself.
        new CliContext.Ttys(Boolean.getBoolean("paas.stdin.tty"), Boolean.getBoolean("paas.stdout.tty"),
            Boolean.getBoolean("paas.stderr.tty")),
        new ProcessGit(),
        prompt -> readSecret(prompt, err),
        new SttyTerminal(),
        Version.read(),
        System.getProperty("java.version"));
    int code = Cli.run(ctx, args);
    out.flush();
    err.flush();
    System.exit(code);
  }

  private static String readSecret(String prompt, PrintStream err) throws java.io.IOException {
    Console console = System.console();
    if (console != null) {
      char[] secret = console.readPassword("%s", prompt);
      return secret == null ? null : new String(secret);
    }
    err.print(prompt);
    err.flush();
    return new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
  }
}
