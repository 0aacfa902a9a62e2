package paas.cli.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import paas.cli.core.CliException;

/** Runs the real git binary, which the CLI needs anyway. */
class ProcessGitTest {
  private final ProcessGit git = new ProcessGit();

  private static void gitInit(Path dir) throws IOException, InterruptedException {
    Process init = new ProcessBuilder(List.of("git", "init", "-q", dir.toString())).inheritIO().start();
    assertThat(init.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(init.exitValue()).isZero();
  }

  @Test
  void plainDirectoryIsNoRepositoryAndHasNoRemotes(@TempDir Path dir) {
    assertThat(git.isRepository(dir)).isFalse();
    assertThat(git.remotes(dir)).isEmpty();
  }

  @Test
  void remotesAddedAndChangedAreReadBackByName(@TempDir Path dir) throws Exception {
    gitInit(dir);
    assertThat(git.isRepository(dir)).isTrue();
    git.addRemote(dir, "paas", "http://localhost:5000/a.git");
    git.addRemote(dir, "my.staging", "http://localhost:5000/b.git");
    git.setRemoteUrl(dir, "paas", "http://localhost:5000/c.git");
    assertThat(git.remotes(dir)).containsExactlyInAnyOrderEntriesOf(Map.of(
        "paas", "http://localhost:5000/c.git", "my.staging", "http://localhost:5000/b.git"));
    Path sub = Files.createDirectories(dir.resolve("src/main"));
    assertThat(git.remotes(sub)).as("found from a subdirectory").containsKey("paas");
    git.removeRemote(dir, "paas");
    assertThat(git.remotes(dir)).containsOnlyKeys("my.staging");
  }

  @Test
  void failingGitCommandReportsGitsMessage(@TempDir Path dir) throws Exception {
    gitInit(dir);
    git.addRemote(dir, "paas", "http://localhost:5000/a.git");
    assertThatThrownBy(() -> git.addRemote(dir, "paas", "http://localhost:5000/b.git"))
        .isInstanceOf(CliException.class)
        .hasMessageContaining("git remote add paas")
        .hasMessageContaining("already exists");
  }
}
