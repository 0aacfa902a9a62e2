package paas.cli.git;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import paas.cli.core.CliException;
import paas.vocabulary.AppName;

/**
 * Which app a command is about: -a/--app, else PAAS_APP, else the git remotes of the current
 * directory whose URL is on the API's host:port and ends in /NAME.git (-r/--remote picks one).
 */
public final class AppResolver {
  public static final String NO_APP =
      "no app specified: use -a APP, set PAAS_APP, or run `paas git:remote -a APP` in your repository";

  private AppResolver() {}

  /**
   * @param remotes read only when neither the option nor PAAS_APP names the app
   * @throws CliException when nothing names an app ({@link #NO_APP}), or what does is ambiguous or wrong
   */
  public static String resolve(
      Optional<String> appOption,
      Optional<String> remoteOption,
      Optional<String> envApp,
      Supplier<Map<String, String>> remotes,
      URI apiUrl) {
    return resolveIfAny(appOption, remoteOption, envApp, remotes, apiUrl).orElseThrow(() -> new CliException(NO_APP));
  }

  /**
   * Like {@link #resolve}, but empty when nothing names an app: for commands that act on every app
   * outside an app's repository (`paas addons`). Several remotes naming different apps, or a -r
   * REMOTE that names none, still fail.
   */
  public static Optional<String> resolveIfAny(
      Optional<String> appOption,
      Optional<String> remoteOption,
      Optional<String> envApp,
      Supplier<Map<String, String>> remotes,
      URI apiUrl) {
    if (appOption.isPresent()) {
      return appOption;
    }
    if (remoteOption.isEmpty() && envApp.isPresent()) {
      return envApp;
    }
    Map<String, String> all = remotes.get();
    if (remoteOption.isPresent()) {
      String name = remoteOption.get();
      String url = all.get(name);
      if (url == null) {
        throw new CliException(
            "no git remote named '" + name + "' here"
                + (all.isEmpty() ? "" : " (remotes: " + String.join(", ", all.keySet()) + ")")
                + ": use -a APP, or run `paas git:remote -a APP -r " + name + "`");
      }
      return Optional.of(appFromRemoteUrl(url, apiUrl)
          .orElseThrow(() -> new CliException(
              "git remote '" + name + "' (" + url + ") is not an app on " + hostPort(apiUrl)
                  + ": use -a APP, or run `paas git:remote -a APP -r " + name + "`")));
    }
    Map<String, String> appsByRemote = new LinkedHashMap<>();
    all.forEach((name, url) -> appFromRemoteUrl(url, apiUrl).ifPresent(app -> appsByRemote.put(name, app)));
    List<String> apps = appsByRemote.values().stream().distinct().toList();
    if (apps.size() == 1) {
      return Optional.of(apps.getFirst());
    }
    if (apps.isEmpty()) {
      return Optional.empty();
    }
    StringBuilder message = new StringBuilder("several git remotes point at apps on " + hostPort(apiUrl) + ":");
    appsByRemote.forEach((remote, app) -> message.append("\n  ").append(remote).append(" -> ").append(app));
    message.append("\npick one with -r REMOTE, or name the app with -a APP");
    throw new CliException(message.toString());
  }

  /** The app a git remote URL names when it is on the API's host and port and ends in /NAME.git. */
  public static Optional<String> appFromRemoteUrl(String url, URI apiUrl) {
    URI uri;
    try {
      uri = new URI(url.strip());
    } catch (URISyntaxException e) {
      return Optional.empty();
    }
    if (uri.getHost() == null || uri.getScheme() == null || apiUrl.getHost() == null
        || !uri.getHost().equalsIgnoreCase(apiUrl.getHost()) || port(uri) != port(apiUrl)) {
      return Optional.empty();
    }
    String path = uri.getPath() == null ? "" : uri.getPath().replaceAll("/+$", "");
    if (!path.endsWith(".git")) {
      return Optional.empty();
    }
    String name = path.substring(path.lastIndexOf('/') + 1, path.length() - ".git".length());
    return AppName.isValid(name) ? Optional.of(name) : Optional.empty();
  }

  private static int port(URI uri) {
    if (uri.getPort() != -1) {
      return uri.getPort();
    }
    return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
  }

  private static String hostPort(URI apiUrl) {
    return apiUrl.getHost() + ":" + port(apiUrl);
  }
}
