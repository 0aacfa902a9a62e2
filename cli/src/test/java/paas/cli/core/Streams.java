package paas.cli.core;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import paas.cli.FakeGit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** An {@link Output} on two byte buffers, no terminal, and a --json switch as a command line sets it. */
final class Streams {
  final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
  final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
  final Output out;

  Streams() {
    CliContext ctx = new CliContext(Map.of(), Path.of("home"), Path.of("."), InputStream.nullInputStream(),
        new PrintStream(stdout, true, StandardCharsets.UTF_8), new PrintStream(stderr, true, StandardCharsets.UTF_8),
        CliContext.Ttys.NONE, new FakeGit(), prompt -> "", CliContext.Terminal.NONE, "0.1.0", "21");
    out = new Output(ctx);
  }

  String out() {
    return stdout.toString(StandardCharsets.UTF_8);
  }

  String err() {
    return stderr.toString(StandardCharsets.UTF_8);
  }

  /** The --json option as picocli sets it from these arguments. */
  static JsonOption json(String... args) {
    Holder holder = new Holder();
    new CommandLine(holder).parseArgs(args);
    return holder.json;
  }

  @Command(name = "holder")
  static final class Holder {
    @Mixin
    JsonOption json;
  }
}
