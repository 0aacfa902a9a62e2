package paas.cli.api;

import paas.cli.core.CliException;

/** The API refused a request; {@link #getMessage()} is the API's own message, which names the fix. */
public final class ApiException extends CliException {
  private static final long serialVersionUID = 1L;
  private final int status;
  private final String id;

  public ApiException(int status, String id, String message) {
    super(message);
    this.status = status;
    this.id = id;
  }

  public int status() {
    return status;
  }

  /** The API's error id, e.g. {@code invalid_params}; "" when the answer had none. */
  public String id() {
    return id;
  }
}
