package paas.cli.core;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Raw mode with {@code stty} on {@code /dev/tty}, the only portable way from Java. The mode in force
 * before ({@code stty -g}) comes back when the handle is closed, or from a shutdown hook when the JVM
 * ends first (a signal, System.exit). Without a controlling terminal or without stty, nothing happens.
 */
public final class SttyTerminal implements CliContext.Terminal {
  private static final File TTY = new File("/dev/tty");
  private static final long STTY_TIMEOUT_SECONDS = 5;

  @Override
  public CliContext.Restore raw() {
    if (!TTY.exists()) {
      return () -> {};
    }
    Optional<String> saved = stty("-g");
    if (saved.isEmpty() || saved.get().isEmpty()) {
      return () -> {};
    }
    AtomicBoolean restored = new AtomicBoolean();
    Runnable restore = () -> {
      if (restored.compareAndSet(false, true)) {
        stty(saved.get());
      }
    };
    Thread hook = new Thread(restore, "paas-restore-terminal");
    Runtime.getRuntime().addShutdownHook(hook);
    stty("raw", "-echo");
    return () -> {
      restore.run();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // The JVM is shutting down: the hook runs anyway and finds the terminal restored.
      }
    };
  }

  /**
   * SIGWINCH, the signal a terminal sends its foreground processes when its window is resized;
   * Java has no other way to see it than the JDK's {@code sun.misc.Signal}. Where the signal is
   * unknown (not a Unix), nothing is followed.
   */
  @Override
  @SuppressWarnings("sunapi")
  public CliContext.Restore onResize(Runnable resized) {
    sun.misc.Signal winch;
    sun.misc.SignalHandler before;
    try {
      winch = new sun.misc.Signal("WINCH");
      before = sun.misc.Signal.handle(winch, signal -> Thread.ofVirtual().name("paas-resize").start(resized));
    } catch (IllegalArgumentException | UnsupportedOperationException e) {
      return () -> {};
    }
    AtomicBoolean restored = new AtomicBoolean();
    return () -> {
      if (restored.compareAndSet(false, true)) {
        sun.misc.Signal.handle(winch, before);
      }
    };
  }

  /** {@code stty size}: "ROWS COLUMNS" of the controlling terminal. */
  @Override
  public Optional<CliContext.Size> size() {
    if (!TTY.exists()) {
      return Optional.empty();
    }
    return stty("size").flatMap(SttyTerminal::parseSize);
  }

  static Optional<CliContext.Size> parseSize(String rowsColumns) {
    String[] parts = rowsColumns.strip().split("\\s+");
    try {
      int rows = Integer.parseInt(parts[0]);
      int columns = parts.length == 2 ? Integer.parseInt(parts[1]) : 0;
      return rows > 0 && columns > 0 ? Optional.of(new CliContext.Size(rows, columns)) : Optional.empty();
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** Runs stty with the terminal as its standard input; its output, or empty when it failed. */
  private static Optional<String> stty(String... args) {
    List<String> command = new ArrayList<>();
    command.add("stty");
    command.addAll(List.of(args));
    try {
      Process process = new ProcessBuilder(command)
          .redirectInput(TTY)
          .redirectError(ProcessBuilder.Redirect.DISCARD)
          .start();
      String output;
      try (InputStream in = process.getInputStream()) {
        output = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
      }
      if (!process.waitFor(STTY_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        return Optional.empty();
      }
      return process.exitValue() == 0 ? Optional.of(output) : Optional.empty();
    } catch (IOException e) {
      // No controlling terminal (opening /dev/tty fails) or no stty: run without raw mode.
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }
}
