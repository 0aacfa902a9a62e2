package paas.cli.dyno;

import static org.assertj.core.api.Assertions.assertThat;
import static paas.cli.FakeRunServer.STDERR;
import static paas.cli.FakeRunServer.STDIN;
import static paas.cli.FakeRunServer.STDIN_EOF;
import static paas.cli.FakeRunServer.STDOUT;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import paas.cli.CommandTest;
import paas.cli.FakeRunServer;
import paas.cli.Harness;
import paas.cli.core.CliContext;

@Timeout(30)
class RunCommandTest extends CommandTest {
  private FakeRunServer server;

  @AfterEach
  void stopRunServer() throws IOException {
    if (server != null) {
      server.close();
    }
  }

  private void attachable(FakeRunServer.Script script) throws IOException {
    server = FakeRunServer.start(script);
    api.on("POST", "/apps/my-app/dynos", 201, """
        {"name":"run.1234","type":"run","state":"starting","command":"x","size":"standard-1x",
         "release":{"version":7},"created_at":"2026-11-24T22:00:00Z","attach_url":"%s"}"""
        .formatted(server.attachUrl("s3cret")));
  }

  @Test
  void detachedStartsTheDynoAndSaysWhereItsOutputGoes() {
    api.on("POST", "/apps/my-app/dynos", 201, """
        {"name":"run.1234","type":"run","state":"starting","command":"rake db:migrate","size":"standard-2x",
         "release":{"version":7},"created_at":"2026-11-24T22:00:00Z","attach_url":null}""");
    Harness.Result result = paas.run("run", "-d", "-e", "A=1;B=two words", "-s", "standard-2x", "-a", "my-app",
        "rake", "db:migrate");
    assertThat(result.exit()).isZero();
    assertThat(api.only("POST", "/apps/my-app/dynos").body()).isEqualTo(
        "{\"command\":\"rake db:migrate\",\"attach\":false,\"env\":{\"A\":\"1\",\"B\":\"two words\"},"
            + "\"size\":\"standard-2x\",\"tty\":false}");
    assertThat(result.err()).isEqualTo("Running `rake db:migrate` on my-app... done, run.1234\n");
    assertThat(result.out()).isEqualTo("Run paas logs --app my-app --dyno run.1234 to view the output.\n");
  }

  /** A detached run of {@code args}: the command line and the app the request went to. */
  private String detachedCommandOf(String... args) {
    api.on("POST", "/apps/my-app/dynos", 201, """
        {"name":"run.1234","type":"run","state":"starting","command":"x","size":"standard-1x",
         "release":{"version":7},"created_at":"2026-11-24T22:00:00Z","attach_url":null}""");
    List<String> line = new java.util.ArrayList<>(List.of("run", "-d"));
    line.addAll(List.of(args));
    Harness.Result result = paas.run(line.toArray(String[]::new));
    assertThat(result.exit()).as(result.err()).isZero();
    assertThat(requests()).containsExactly("POST /apps/my-app/dynos");
    String body = api.only("POST", "/apps/my-app/dynos").body();
    return body.substring(body.indexOf(":\"") + 2, body.indexOf("\",\"attach\""));
  }

  @Test
  void theClisOptionsAfterTheCommandAreTheClisAsOnHeroku() {
    // The git remote names another app: taking -a as the command's would run on it.
    paas.git.remotes.put("paas", api.url() + "/other-app.git");
    assertThat(detachedCommandOf("bash", "-a", "my-app")).isEqualTo("bash");
  }

  @Test
  void aCommandWithArgumentsThenTheAppRunsTheCommandOnTheApp() {
    assertThat(detachedCommandOf("rake", "db:migrate", "-a", "my-app")).isEqualTo("rake db:migrate");
  }

  @Test
  void unknownOptionsBelongToTheCommandAndKnownOnesToTheCli() {
    assertThat(detachedCommandOf("ls", "-la", "--app", "my-app", "/app")).isEqualTo("ls -la /app");
  }

  @Test
  void everythingAfterDoubleDashIsTheCommandsKnownOptionsToo() {
    assertThat(detachedCommandOf("-a", "my-app", "--", "ls", "-a", "-s", "--help")).isEqualTo("ls -a -s --help");
  }

  @Test
  void theAppMayBeGivenWithEqualsAndAJoinedShortOptionIsTheCommands() {
    assertThat(detachedCommandOf("ls", "-al", "--app=my-app")).isEqualTo("ls -al");
  }

  @Test
  void onlyHerokusRunFlagsAreTheClisAfterTheCommandsFirstWord() {
    // -d is paas's --detached before the command, psql's database after it (Heroku spells it run:detached).
    assertThat(detachedCommandOf("psql", "-d", "mydb", "-a", "my-app")).isEqualTo("psql -d mydb");
  }

  @Test
  void helpAfterTheCommandsFirstWordIsTheCommands() {
    assertThat(detachedCommandOf("rake", "--help", "-a", "my-app")).isEqualTo("rake --help");
  }

  @Test
  void optionsMixedWithTheCommandKeepTheirValues() {
    api.on("POST", "/apps/my-app/dynos", 201, """
        {"name":"run.1234","type":"run","state":"starting","command":"x","size":"standard-2x",
         "release":{"version":7},"created_at":"2026-11-24T22:00:00Z","attach_url":null}""");
    Harness.Result result = paas.run("run", "--detached", "node", "-e", "A=1", "migrate.js", "-x", "-s", "standard-2x",
        "--type", "run", "-a", "my-app", "--verbose");
    assertThat(result.exit()).as(result.err()).isZero();
    assertThat(api.only("POST", "/apps/my-app/dynos").body()).isEqualTo(
        "{\"command\":\"node migrate.js --verbose\",\"attach\":false,\"env\":{\"A\":\"1\"},"
            + "\"size\":\"standard-2x\",\"tty\":false}");
  }

  @Test
  void aTypeOtherThanRunIsAUsageError() {
    Harness.Result result = paas.run("run", "--type", "worker", "-a", "my-app", "bash");
    assertThat(result.exit()).isEqualTo(2);
    assertThat(result.err()).contains("one-off dynos are of type run here");
    assertThat(api.requests()).isEmpty();
  }

  @Test
  void aTerminalsSizeGoesAlongAsColumnsAndLinesAndEveryResizeFollows() throws Exception {
    AtomicReference<CliContext.Size> size = new AtomicReference<>(new CliContext.Size(30, 120));
    AtomicReference<Runnable> onResize = new AtomicReference<>();
    List<String> events = new CopyOnWriteArrayList<>();
    paas.terminal = new CliContext.Terminal() {
      @Override
      public CliContext.Restore raw() {
        return () -> {};
      }

      @Override
      public java.util.Optional<CliContext.Size> size() {
        return java.util.Optional.of(size.get());
      }

      @Override
      public CliContext.Restore onResize(Runnable resized) {
        onResize.set(resized);
        return () -> events.add("unfollowed");
      }
    };
    paas.ttys = new CliContext.Ttys(true, true, true);
    paas.stdin = "";
    attachable(c -> {
      c.switchProtocols();
      FakeRunServer.Frame first = c.read();
      events.add(first.type() + " " + resize(first));
      size.set(new CliContext.Size(20, 100));
      onResize.get().run(); // the window was resized
      FakeRunServer.Frame next = c.read();
      while (next.type() != RunSession.RESIZE) {
        next = c.read();
      }
      events.add(next.type() + " " + resize(next));
      c.exit(0);
    });
    Harness.Result result = paas.run("run", "-a", "my-app", "bash");
    server.awaitPlayed();
    assertThat(result.exit()).as(result.err()).isZero();
    assertThat(api.only("POST", "/apps/my-app/dynos").body())
        .isEqualTo("{\"command\":\"bash\",\"attach\":true,\"env\":{\"COLUMNS\":\"120\",\"LINES\":\"30\"},\"tty\":true}");
    assertThat(events).containsExactly("6 30x120", "6 20x100", "unfollowed");
  }

  private static String resize(FakeRunServer.Frame frame) {
    java.nio.ByteBuffer size = java.nio.ByteBuffer.wrap(frame.payload());
    return size.getInt() + "x" + size.getInt();
  }

  @Test
  void attachedRelaysStdinStdoutStderrAndExitsWithTheRemoteStatus() throws Exception {
    AtomicReference<List<FakeRunServer.Frame>> received = new AtomicReference<>();
    attachable(c -> {
      c.switchProtocols();
      received.set(c.readUntilStdinEof());
      c.send(STDOUT, "total 0\n");
      c.send(STDERR, "ls: warning\n");
      c.send(99, "a frame type from the future");
      c.send(STDOUT, "done\n");
      c.exit(3);
    });
    paas.stdin = "hello\nworld\n";
    Harness.Result result = paas.run("run", "-a", "my-app", "ls", "-la", "--", "-x");
    server.awaitPlayed();

    assertThat(result.exit()).isEqualTo(3);
    assertThat(result.out()).isEqualTo("total 0\ndone\n");
    assertThat(result.err()).isEqualTo("Running `ls -la -x` on my-app... up, run.1234\nls: warning\n");
    assertThat(api.only("POST", "/apps/my-app/dynos").body())
        .isEqualTo("{\"command\":\"ls -la -x\",\"attach\":true,\"tty\":false}");
    assertThat(server.head()).isEqualTo("GET /run-sessions/s3cret HTTP/1.1\r\n"
        + "Host: 127.0.0.1:" + server.port() + "\r\n"
        + "Authorization: Bearer secret-token\r\n"
        + "Connection: Upgrade\r\n"
        + "Upgrade: paas-run\r\n"
        + "User-Agent: paas-cli/0.1.0\r\n"
        + "\r\n");
    List<FakeRunServer.Frame> frames = received.get();
    assertThat(frames.getLast().type()).isEqualTo(STDIN_EOF);
    assertThat(frames.getLast().payload()).isEmpty();
    ByteArrayOutputStream stdin = new ByteArrayOutputStream();
    for (FakeRunServer.Frame frame : frames.subList(0, frames.size() - 1)) {
      assertThat(frame.type()).isEqualTo(STDIN);
      stdin.write(frame.payload());
    }
    assertThat(stdin.toString()).isEqualTo("hello\nworld\n");
  }

  @Test
  void doubleDashBeforeTheCommandEndsTheOptionsAndSuccessExitsZero() throws Exception {
    attachable(c -> {
      c.switchProtocols();
      c.readUntilStdinEof();
      c.exit(0);
    });
    Harness.Result result = paas.run("run", "-a", "my-app", "--", "-weird-name", "-a", "x");
    server.awaitPlayed();
    assertThat(result.exit()).isZero();
    assertThat(api.only("POST", "/apps/my-app/dynos").body()).startsWith("{\"command\":\"-weird-name -a x\",");
  }

  @Test
  void errorFramePrintsTheReasonAndExits1() throws Exception {
    attachable(c -> {
      c.switchProtocols();
      c.readUntilStdinEof();
      c.send(FakeRunServer.ERROR, "my-app has no release with a slug yet: deploy with git push first");
    });
    Harness.Result result = paas.run("run", "-a", "my-app", "bash");
    server.awaitPlayed();
    assertThat(result.exit()).isEqualTo(1);
    assertThat(result.err()).isEqualTo("Running `bash` on my-app... up, run.1234\n"
        + " !    my-app has no release with a slug yet: deploy with git push first\n");
  }

  @Test
  void connectionClosedWithoutExitSaysItWasLostAndExits1() throws Exception {
    attachable(c -> {
      c.switchProtocols();
      c.readUntilStdinEof();
      c.send(STDOUT, "partial");
      c.hangUp();
    });
    Harness.Result result = paas.run("run", "-a", "my-app", "bash");
    server.awaitPlayed();
    assertThat(result.exit()).isEqualTo(1);
    assertThat(result.out()).isEqualTo("partial");
    assertThat(result.err()).endsWith(" !    connection to run.1234 lost\n");
  }

  @Test
  void refusedUpgradeShowsTheApiMessage() throws Exception {
    attachable(c -> c.refuse(404, "Not Found",
        "{\"id\":\"not_found\",\"message\":\"this run session is unknown, used or expired: run the command again\"}"));
    Harness.Result result = paas.run("run", "-a", "my-app", "bash");
    server.awaitPlayed();
    assertThat(result.exit()).isEqualTo(1);
    assertThat(result.err()).isEqualTo("Running `bash` on my-app... !\n"
        + " !    this run session is unknown, used or expired: run the command again\n");
  }

  @Test
  void terminalOnBothEndsAsksForATtyAndUsesRawModeForTheSession() throws Exception {
    List<String> events = new CopyOnWriteArrayList<>();
    paas.terminal = () -> {
      events.add("raw");
      return () -> events.add("restored");
    };
    paas.ttys = new CliContext.Ttys(true, true, true);
    paas.env.put("TERM", "xterm-256color");
    paas.env.put("NO_COLOR", "1");
    attachable(c -> {
      c.switchProtocols();
      c.readUntilStdinEof();
      events.add("session");
      c.exit(0);
    });
    Harness.Result result = paas.run("run", "-a", "my-app", "bash");
    server.awaitPlayed();
    assertThat(result.exit()).isZero();
    assertThat(api.only("POST", "/apps/my-app/dynos").body())
        .isEqualTo("{\"command\":\"bash\",\"attach\":true,\"env\":{\"TERM\":\"xterm-256color\"},\"tty\":true}");
    assertThat(events).containsExactly("raw", "session", "restored");
  }

  @Test
  void noTtyLeavesTheTerminalAlone() throws Exception {
    List<String> events = new CopyOnWriteArrayList<>();
    paas.terminal = () -> {
      events.add("raw");
      return () -> events.add("restored");
    };
    paas.ttys = new CliContext.Ttys(true, true, true);
    attachable(c -> {
      c.switchProtocols();
      c.readUntilStdinEof();
      c.exit(0);
    });
    Harness.Result result = paas.run("run", "--no-tty", "-a", "my-app", "bash");
    server.awaitPlayed();
    assertThat(result.exit()).isZero();
    assertThat(api.only("POST", "/apps/my-app/dynos").body()).contains("\"tty\":false");
    assertThat(events).isEmpty();
  }

  @Test
  void terminalIsRestoredWhenTheConnectionIsLost() throws Exception {
    List<String> events = new CopyOnWriteArrayList<>();
    paas.terminal = () -> {
      events.add("raw");
      return () -> events.add("restored");
    };
    paas.ttys = new CliContext.Ttys(true, true, false);
    attachable(c -> {
      c.switchProtocols();
      c.readUntilStdinEof();
      c.hangUp();
    });
    Harness.Result result = paas.run("run", "-a", "my-app", "bash");
    server.awaitPlayed();
    assertThat(result.exit()).isEqualTo(1);
    assertThat(events).containsExactly("raw", "restored");
  }

  @Test
  void badEnvIsAUsageErrorBeforeAnyRequest() {
    Harness.Result result = paas.run("run", "-e", "NOEQUALS", "-a", "my-app", "bash");
    assertThat(result.exit()).isEqualTo(2);
    assertThat(result.err()).contains("'NOEQUALS' in --env is not KEY=VALUE");
    assertThat(api.requests()).isEmpty();
  }

  @Test
  void missingCommandIsAUsageError() {
    Harness.Result result = paas.run("run", "-a", "my-app");
    assertThat(result.exit()).isEqualTo(2);
    assertThat(api.requests()).isEmpty();
  }

  @Test
  void apiRefusalOfTheDynoIsShownVerbatim() {
    api.on("POST", "/apps/my-app/dynos", 422,
        "{\"id\":\"invalid_params\",\"message\":\"size 'huge' is not one of standard-1x, standard-2x\"}");
    Harness.Result result = paas.run("run", "-s", "huge", "-a", "my-app", "bash");
    assertThat(result.exit()).isEqualTo(1);
    assertThat(result.err()).isEqualTo("Running `bash` on my-app... !\n"
        + " !    size 'huge' is not one of standard-1x, standard-2x\n");
  }

  @Test
  void envOptionsSplitOnSemicolonsAndMayRepeat() {
    assertThat(RunCommand.parseEnv(List.of("A=1;B=x=y;", " C= spaced "))).containsExactly(
        Map.entry("A", "1"), Map.entry("B", "x=y"), Map.entry("C", " spaced "));
  }

  @Test
  void statusesOutsideAnExitCodeBecomeFailure() {
    assertThat(RunCommand.exitCode(0)).isZero();
    assertThat(RunCommand.exitCode(137)).isEqualTo(137);
    assertThat(RunCommand.exitCode(255)).isEqualTo(255);
    assertThat(RunCommand.exitCode(256)).isEqualTo(1);
    assertThat(RunCommand.exitCode(-1)).isEqualTo(1);
  }
}
