package paas.cli.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import paas.cli.core.CliException;

class AppResolverTest {
  private static final URI API = URI.create("http://paas.example.com:5000");

  private static String resolve(Optional<String> app, Optional<String> remote, Optional<String> env, Map<String, String> remotes) {
    return AppResolver.resolve(app, remote, env, () -> remotes, API);
  }

  @Test
  void remoteUrlOnTheApiHostAndPortNamesTheApp() {
    assertThat(AppResolver.appFromRemoteUrl("http://paas.example.com:5000/my-app.git", API)).contains("my-app");
    assertThat(AppResolver.appFromRemoteUrl("http://user:tok@PAAS.example.com:5000/git/my-app.git/", API)).contains("my-app");
  }

  @Test
  void remoteUrlElsewhereOrOfAnotherShapeNamesNoApp() {
    assertThat(AppResolver.appFromRemoteUrl("http://paas.example.com:5001/my-app.git", API)).isEmpty();
    assertThat(AppResolver.appFromRemoteUrl("http://other.example.com:5000/my-app.git", API)).isEmpty();
    assertThat(AppResolver.appFromRemoteUrl("http://paas.example.com:5000/my-app", API)).isEmpty();
    assertThat(AppResolver.appFromRemoteUrl("git@github.com:me/my-app.git", API)).isEmpty();
    assertThat(AppResolver.appFromRemoteUrl("http://paas.example.com:5000/My_App.git", API)).isEmpty();
    assertThat(AppResolver.appFromRemoteUrl("not a url", API)).isEmpty();
  }

  @Test
  void defaultPortsMatchByScheme() {
    URI https = URI.create("https://paas.example.com");
    assertThat(AppResolver.appFromRemoteUrl("https://paas.example.com:443/a1.git", https)).contains("a1");
    assertThat(AppResolver.appFromRemoteUrl("https://paas.example.com/a1.git", https)).contains("a1");
    assertThat(AppResolver.appFromRemoteUrl("http://paas.example.com/a1.git", https)).isEmpty();
  }

  @Test
  void appOptionWinsAndGitIsNotAsked() {
    Supplier<Map<String, String>> remotes = () -> {
      throw new AssertionError("git must not be asked");
    };
    assertThat(AppResolver.resolve(Optional.of("opt"), Optional.empty(), Optional.of("env"), remotes, API)).isEqualTo("opt");
    assertThat(AppResolver.resolve(Optional.empty(), Optional.empty(), Optional.of("env"), remotes, API)).isEqualTo("env");
  }

  @Test
  void oneMatchingRemoteNamesTheApp() {
    Map<String, String> remotes = new LinkedHashMap<>();
    remotes.put("origin", "git@github.com:me/site.git");
    remotes.put("paas", "http://paas.example.com:5000/site-prod.git");
    assertThat(resolve(Optional.empty(), Optional.empty(), Optional.empty(), remotes)).isEqualTo("site-prod");
  }

  @Test
  void twoRemotesOfTheSameAppAreNotAmbiguous() {
    Map<String, String> remotes = Map.of("paas", "http://paas.example.com:5000/site.git", "deploy", "http://u@paas.example.com:5000/site.git");
    assertThat(resolve(Optional.empty(), Optional.empty(), Optional.empty(), remotes)).isEqualTo("site");
  }

  @Test
  void noMatchingRemoteTellsHowToNameTheApp() {
    Map<String, String> remotes = Map.of("origin", "git@github.com:me/site.git");
    assertThatThrownBy(() -> resolve(Optional.empty(), Optional.empty(), Optional.empty(), remotes))
        .isInstanceOf(CliException.class)
        .hasMessage("no app specified: use -a APP, set PAAS_APP, or run `paas git:remote -a APP` in your repository");
  }

  @Test
  void severalMatchingRemotesAreListedWithTheWayToPickOne() {
    Map<String, String> remotes = new LinkedHashMap<>();
    remotes.put("staging", "http://paas.example.com:5000/site-staging.git");
    remotes.put("prod", "http://paas.example.com:5000/site-prod.git");
    assertThatThrownBy(() -> resolve(Optional.empty(), Optional.empty(), Optional.empty(), remotes))
        .hasMessageContaining("staging -> site-staging")
        .hasMessageContaining("prod -> site-prod")
        .hasMessageContaining("-r REMOTE");
  }

  @Test
  void remoteOptionPicksOneOfSeveral() {
    Map<String, String> remotes = Map.of(
        "staging", "http://paas.example.com:5000/site-staging.git",
        "prod", "http://paas.example.com:5000/site-prod.git");
    assertThat(resolve(Optional.empty(), Optional.of("prod"), Optional.empty(), remotes)).isEqualTo("site-prod");
    assertThat(resolve(Optional.empty(), Optional.of("prod"), Optional.of("from-env"), remotes))
        .as("an explicit -r beats PAAS_APP").isEqualTo("site-prod");
  }

  @Test
  void remoteOptionNamingAMissingRemoteListsTheRemotes() {
    Map<String, String> remotes = Map.of("origin", "git@github.com:me/site.git");
    assertThatThrownBy(() -> resolve(Optional.empty(), Optional.of("paas"), Optional.empty(), remotes))
        .hasMessageContaining("no git remote named 'paas'")
        .hasMessageContaining("origin");
  }

  @Test
  void remoteOptionNamingAForeignRemoteSaysWhereItPoints() {
    Map<String, String> remotes = Map.of("origin", "git@github.com:me/site.git");
    assertThatThrownBy(() -> resolve(Optional.empty(), Optional.of("origin"), Optional.empty(), remotes))
        .hasMessageContaining("git remote 'origin' (git@github.com:me/site.git) is not an app on paas.example.com:5000");
  }

  @Test
  void withoutAnythingNamingAnAppIfAnyIsEmptyButAmbiguityStillFails() {
    Map<String, String> none = Map.of("origin", "git@github.com:me/site.git");
    assertThat(AppResolver.resolveIfAny(Optional.empty(), Optional.empty(), Optional.empty(), () -> none, API)).isEmpty();
    assertThatThrownBy(() -> resolve(Optional.empty(), Optional.empty(), Optional.empty(), none))
        .hasMessage(AppResolver.NO_APP);
    Map<String, String> two = new LinkedHashMap<>();
    two.put("staging", "http://paas.example.com:5000/site-staging.git");
    two.put("prod", "http://paas.example.com:5000/site-prod.git");
    assertThatThrownBy(() -> AppResolver.resolveIfAny(Optional.empty(), Optional.empty(), Optional.empty(), () -> two, API))
        .isInstanceOf(CliException.class).hasMessageContaining("pick one with -r REMOTE");
    assertThatThrownBy(() -> AppResolver.resolveIfAny(Optional.empty(), Optional.of("nope"), Optional.empty(), () -> two,
        API)).hasMessageContaining("no git remote named 'nope'");
  }
}
