package paas.cli.credentials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import paas.cli.core.CliContext;
import paas.cli.core.CliException;
import paas.cli.git.ProcessGit;

class CredentialsTest {
  @TempDir
  Path home;

  private final Map<String, String> env = new HashMap<>();

  private CliContext ctx() {
    PrintStream sink = new PrintStream(new ByteArrayOutputStream());
    return new CliContext(env, home, home, InputStream.nullInputStream(), sink, sink, CliContext.Ttys.NONE,
        new ProcessGit(), p -> "", CliContext.Terminal.NONE, "0.1.0", "21");
  }

  @Test
  void apiUrlDefaultsToLocalhost5000() {
    assertThat(Credentials.apiUrl(ctx())).isEqualTo(URI.create("http://localhost:5000"));
  }

  @Test
  void storedApiUrlIsUsedWhenTheEnvironmentNamesNone() {
    ConfigFile.of(ctx()).writeApiUrl("http://paas.example.com:5000");
    assertThat(Credentials.apiUrl(ctx())).isEqualTo(URI.create("http://paas.example.com:5000"));
    assertThat(home.resolve(".config/paas/config.json")).exists();
  }

  @Test
  void environmentApiUrlBeatsTheStoredOneAndLosesItsTrailingSlash() {
    ConfigFile.of(ctx()).writeApiUrl("http://stored:5000");
    env.put("PAAS_API_URL", "http://from-env:6000/");
    assertThat(Credentials.apiUrl(ctx())).isEqualTo(URI.create("http://from-env:6000"));
  }

  @Test
  void xdgConfigHomeMovesTheConfigFile() {
    env.put("XDG_CONFIG_HOME", home.resolve("xdg").toString());
    assertThat(ConfigFile.of(ctx()).path()).isEqualTo(home.resolve("xdg/paas/config.json"));
    env.put("XDG_CONFIG_HOME", "relative/ignored");
    assertThat(ConfigFile.of(ctx()).path()).isEqualTo(home.resolve(".config/paas/config.json"));
  }

  @Test
  void invalidApiUrlNamesTheVariableAndTheForm() {
    env.put("PAAS_API_URL", "localhost:5000");
    assertThatThrownBy(() -> Credentials.apiUrl(ctx()))
        .isInstanceOf(CliException.class)
        .hasMessageContaining("PAAS_API_URL is 'localhost:5000'")
        .hasMessageContaining("http://HOST:PORT");
  }

  @Test
  void tokenComesFromNetrcForTheApiHost() throws IOException {
    Files.writeString(home.resolve(".netrc"), "machine other login o password nope\nmachine paas.example.com login me password from-netrc\n");
    env.put("PAAS_API_URL", "http://paas.example.com:5000");
    Credentials credentials = Credentials.resolve(ctx());
    assertThat(credentials.token()).contains("from-netrc");
    assertThat(credentials.tokenFromEnv()).isFalse();
  }

  @Test
  void environmentTokenBeatsNetrc() throws IOException {
    Files.writeString(home.resolve(".netrc"), "machine localhost login me password from-netrc\n");
    env.put("PAAS_API_TOKEN", "from-env");
    Credentials credentials = Credentials.resolve(ctx());
    assertThat(credentials.token()).contains("from-env");
    assertThat(credentials.unauthorizedHint()).contains("PAAS_API_TOKEN");
  }

  @Test
  void noTokenAnywhereLeavesItEmpty() {
    assertThat(Credentials.resolve(ctx()).token()).isEmpty();
  }

  @Test
  void brokenConfigFileIsReportedWithItsPath() throws IOException {
    Path config = Files.createDirectories(home.resolve(".config/paas")).resolve("config.json");
    Files.writeString(config, "{not json");
    assertThatThrownBy(() -> Credentials.apiUrl(ctx())).hasMessageContaining(config.toString()).hasMessageContaining("fix it or delete it");
  }
}
