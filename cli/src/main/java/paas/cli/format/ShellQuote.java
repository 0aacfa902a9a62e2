package paas.cli.format;

/** POSIX shell quoting for `paas config -s`, whose output is meant for eval or a .env file. */
public final class ShellQuote {
  private ShellQuote() {}

  /** The value in single quotes; each ' inside becomes '\'' (close, escaped quote, reopen). */
  public static String quote(String value) {
    return "'" + value.replace("'", "'\\''") + "'";
  }

  /** KEY='value'. */
  public static String assignment(String key, String value) {
    return key + "=" + quote(value);
  }
}
