package paas.cli.credentials;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Optional;
import paas.cli.api.ApiClient;
import paas.cli.core.CliContext;
import paas.cli.core.CliException;

/**
 * Where the API is and the token to show it. URL: PAAS_API_URL, else api_url in config.json, else
 * http://localhost:5000. Token: PAAS_API_TOKEN, else the ~/.netrc password for the URL's host.
 *
 * @param apiUrl the API's base URL, without a trailing slash
 * @param token the token, empty when there is none
 * @param tokenFromEnv whether the token came from PAAS_API_TOKEN (it then overrides ~/.netrc)
 */
public record Credentials(URI apiUrl, Optional<String> token, boolean tokenFromEnv) {
  public static final String DEFAULT_API_URL = "http://localhost:5000";
  public static final String NOT_LOGGED_IN =
      "not logged in: run `paas login` or set PAAS_API_TOKEN";

  public static Credentials resolve(CliContext ctx) {
    URI url = apiUrl(ctx);
    Optional<String> envToken = ctx.env("PAAS_API_TOKEN");
    if (envToken.isPresent()) {
      return new Credentials(url, envToken, true);
    }
    Path netrc = netrcPath(ctx);
    try {
      Optional<String> token =
          Netrc.read(netrc).lookup(url.getHost()).map(Netrc.Login::password).filter(p -> p != null && !p.isEmpty());
      return new Credentials(url, token, false);
    } catch (IOException e) {
      throw new CliException("cannot read " + netrc + ": " + e.getMessage(), e);
    }
  }

  public static URI apiUrl(CliContext ctx) {
    Optional<String> env = ctx.env("PAAS_API_URL");
    if (env.isPresent()) {
      return parseApiUrl(env.get(), "PAAS_API_URL");
    }
    ConfigFile config = ConfigFile.of(ctx);
    Optional<String> stored = config.apiUrl();
    if (stored.isPresent()) {
      return parseApiUrl(stored.get(), "api_url in " + config.path());
    }
    return parseApiUrl(DEFAULT_API_URL, "the default");
  }

  /** Parses an http(s) URL; the error names where the value came from. */
  public static URI parseApiUrl(String value, String source) {
    try {
      URI uri = new URI(value.strip().replaceAll("/+$", ""));
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
      if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null
          && uri.getQuery() == null && uri.getFragment() == null) {
        return uri;
      }
    } catch (URISyntaxException e) {
      // reported below with the accepted form
    }
    throw new CliException(
        source + " is '" + value + "', which is not an API URL: use http://HOST:PORT, e.g. "
            + DEFAULT_API_URL);
  }

  public static Path netrcPath(CliContext ctx) {
    return ctx.home().resolve(".netrc");
  }

  public String host() {
    return apiUrl.getHost();
  }

  /** What to add to a 401 answer so the user knows how to fix it. */
  public String unauthorizedHint() {
    return tokenFromEnv
        ? "the token in PAAS_API_TOKEN was refused: set a valid one, or unset it and run `paas login`"
        : "run `paas login` to log in again";
  }

  public ApiClient client(String version) {
    return new ApiClient(apiUrl, token, NOT_LOGGED_IN, unauthorizedHint(), version);
  }
}
