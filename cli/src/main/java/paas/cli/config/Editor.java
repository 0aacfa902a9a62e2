package paas.cli.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import paas.cli.core.CliContext;
import paas.cli.core.CliException;

/**
 * The user's editor on a text: $VISUAL, else $EDITOR, else vi (their words split on blanks, the file
 * added as the last argument; never through a shell), on a temporary file only the user can read
 * (mode 0600: it holds secrets), removed afterwards whatever happened.
 */
final class Editor {
  private final CliContext ctx;

  Editor(CliContext ctx) {
    this.ctx = ctx;
  }

  /** The text as the user saved it when the editor exited with 0. */
  String edit(String text, String prefix) {
    Path file;
    try {
      file = Files.createTempFile(prefix, ".sh", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } catch (IOException e) {
      throw new CliException("cannot make a temporary file to edit: " + e.getMessage(), e);
    }
    try {
      Files.writeString(file, text, StandardCharsets.UTF_8);
      List<String> command = new ArrayList<>(Arrays.asList(editor().split("\\s+")));
      command.add(file.toString());
      int exit = run(command);
      if (exit != 0) {
        throw new CliException("the editor (" + String.join(" ", command.subList(0, command.size() - 1))
            + ") exited with " + exit + "; nothing was changed");
      }
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new CliException("cannot edit " + file + ": " + e.getMessage(), e);
    } finally {
      try {
        Files.deleteIfExists(file);
      } catch (IOException e) {
        ctx.err().println("could not remove " + file + " (it holds the config vars): " + e.getMessage());
      }
    }
  }

  private String editor() {
    return ctx.env("VISUAL").or(() -> ctx.env("EDITOR")).map(String::strip).filter(e -> !e.isEmpty()).orElse("vi");
  }

  private int run(List<String> command) throws IOException {
    // The editor needs the terminal itself: it gets this process's standard streams.
    Process process;
    try {
      process = new ProcessBuilder(command).directory(ctx.cwd().toFile()).inheritIO().start();
    } catch (IOException e) {
      throw new CliException("cannot start the editor " + command.getFirst() + " (" + e.getMessage()
          + "): set VISUAL or EDITOR to one that is installed", e);
    }
    try {
      return process.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroy();
      throw new CliException("interrupted while the editor ran; nothing was changed", e);
    }
  }
}
