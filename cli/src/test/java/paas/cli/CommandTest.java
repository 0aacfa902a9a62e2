package paas.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fixture of a test that runs paas commands: a fresh {@link FakeApi} per test and a
 * {@link Harness} ({@code paas}) pointed at it with a token, HOME and cwd in a temporary directory.
 * A subclass adds its own canned answers in a {@code @BeforeEach} of its own, which runs after this
 * one's.
 */
public abstract class CommandTest {
  @TempDir
  protected Path dir;

  protected FakeApi api;
  protected Harness paas;

  @BeforeEach
  final void startFakeApi() throws IOException {
    api = FakeApi.start();
    paas = Harness.against(api, dir);
  }

  @AfterEach
  final void stopFakeApi() {
    api.close();
  }

  /** "METHOD /path" of every request the commands made, in order. */
  protected List<String> requests() {
    return api.requests().stream().map(r -> r.method() + " " + r.path()).toList();
  }
}
