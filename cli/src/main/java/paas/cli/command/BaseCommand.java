package paas.cli.command;

import java.util.concurrent.Callable;
import java.util.function.Supplier;
import paas.cli.api.ApiClient;
import paas.cli.core.CliContext;
import paas.cli.core.Confirmation;
import paas.cli.core.ExitCodes;
import paas.cli.core.Output;
import paas.cli.credentials.Credentials;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** What every paas command has: -h/--help, the context, an output, and an API client on demand. */
public abstract class BaseCommand implements Callable<Integer> {
  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
  private boolean help;

  @Spec
  protected CommandSpec spec;

  protected final CliContext ctx;
  protected final Output out;
  private Credentials credentials;
  private ApiClient api;
  private int exitCode = ExitCodes.OK;

  protected BaseCommand(CliContext ctx) {
    this.ctx = ctx;
    this.out = new Output(ctx);
  }

  @Override
  public final Integer call() throws Exception {
    try {
      run();
      return exitCode;
    } finally {
      if (api != null) {
        api.close();
      }
    }
  }

  /** Does the command's work; any exception becomes an error message and a non-zero exit code. */
  protected abstract void run() throws Exception;

  /**
   * Ends the command with this exit code, with no error message, once {@link #run} returns; what
   * `paas run` does with the remote command's status.
   */
  protected void exitWith(int code) {
    exitCode = code;
  }

  protected Credentials credentials() {
    if (credentials == null) {
      credentials = Credentials.resolve(ctx);
    }
    return credentials;
  }

  protected ApiClient api() {
    if (api == null) {
      api = credentials().client(ctx.version());
    }
    return api;
  }

  /**
   * Goes on only when the user confirmed with --confirm EXPECTED, or typed it at the prompt on a
   * terminal (see {@link Confirmation}); call it before sending anything.
   *
   * @param given the --confirm value, or null
   * @param warning what will happen, e.g. "This will delete my-app ..."
   */
  protected void requireConfirmation(String expected, String given, String warning) {
    new Confirmation(ctx, out).require(expected, given, warning);
  }

  /** A usage error (exit code 2), reported like a bad option. */
  protected ParameterException usage(String message) {
    return new ParameterException(spec.commandLine(), message);
  }

  /**
   * What parse makes of an argument the user typed; its IllegalArgumentException (which names the
   * accepted forms) becomes a usage error, as a bad option would.
   */
  protected <T> T parsed(Supplier<T> parse) {
    try {
      return parse.get();
    } catch (IllegalArgumentException e) {
      throw usage(e.getMessage());
    }
  }
}
