package paas.cli.core;

/** The exit codes of {@code paas}: 0 done, 1 refused or failed, 2 a usage error. */
public final class ExitCodes {
  public static final int OK = 0;
  public static final int FAILED = 1;
  public static final int USAGE = 2;

  private ExitCodes() {}
}
