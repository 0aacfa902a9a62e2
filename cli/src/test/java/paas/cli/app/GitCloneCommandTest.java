package paas.cli.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import paas.cli.CommandTest;
import paas.cli.Harness;
import paas.cli.git.ProcessGit;

/** git:clone with the real git binary, from a bare repository the fake API names as the app's git URL. */
class GitCloneCommandTest extends CommandTest {
  private Path bare;

  @BeforeEach
  void appRepository() throws Exception {
    Path work = Files.createDirectories(dir.resolve("work"));
    git(work, "init", "-q", "-b", "main");
    Files.writeString(work.resolve("Procfile"), "web: ./server\n");
    git(work, "add", "Procfile");
    git(work, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "-m", "first");
    bare = dir.resolve("my-app.git");
    git(dir, "clone", "-q", "--bare", work.toString(), bare.toString());
    api.on("GET", "/apps/my-app", 200, "{\"name\":\"my-app\",\"git_url\":\"" + bare.toUri() + "\"}");
    paas.realGit = new ProcessGit();
  }

  @Test
  void clonesIntoTheAppsNameWithThePaasRemote() throws Exception {
    Harness.Result result = paas.run("git:clone", "-a", "my-app");
    assertThat(result.exit()).as(result.err()).isZero();
    Path clone = dir.resolve("my-app");
    assertThat(clone.resolve("Procfile")).hasContent("web: ./server");
    assertThat(git(clone, "remote")).isEqualTo("paas\n");
    assertThat(new ProcessGit().remotes(clone)).containsEntry("paas", bare.toUri().toString());
    assertThat(result.err()).contains("Cloned my-app into my-app; git remote paas is " + bare.toUri());
  }

  @Test
  void clonesIntoTheGivenDirectoryWithTheGivenRemoteAndRefusesAnExistingOne() throws Exception {
    assertThat(paas.run("git:clone", "-a", "my-app", "src", "-r", "staging").exit()).isZero();
    assertThat(git(dir.resolve("src"), "remote")).isEqualTo("staging\n");
    Harness.Result again = paas.run("git:clone", "-a", "my-app", "src");
    assertThat(again.exit()).isEqualTo(1);
    assertThat(again.err()).contains("already exists: give another DIRECTORY");
  }

  @Test
  void aGitUrlOfAnotherSchemeIsRefusedBeforeGitRuns() {
    api.on("GET", "/apps/my-app", 200, "{\"name\":\"my-app\",\"git_url\":\"ext::sh -c touch% /tmp/x\"}");
    Harness.Result result = paas.run("git:clone", "-a", "my-app");
    assertThat(result.exit()).isEqualTo(1);
    assertThat(result.err()).contains("has no http(s) git URL");
    assertThat(dir.resolve("my-app")).doesNotExist();
  }

  @Test
  void withoutAnAppItIsAUsageErrorBeforeAnyRequest() {
    Harness.Result result = paas.run("git:clone");
    assertThat(result.exit()).isEqualTo(2);
    assertThat(result.err()).contains("use -a APP");
    assertThat(api.requests()).isEmpty();
  }

  private static String git(Path in, String... args) throws IOException, InterruptedException {
    List<String> command = new java.util.ArrayList<>(List.of("git"));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).directory(in.toFile()).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor()).as(output).isZero();
    return output;
  }
}
