package paas.api.addons;


import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

/**
 * The in-memory add-on runtime with scripted execs, for unit tests of pg:backups' logic (the real
 * tools run in BackupsIT): {@code pg_dump} writes a small custom-format-looking archive or fails as
 * told, {@code psql} answers the connection count, {@code bash} (the restore) reads its input.
 */
final class ScriptedExecRuntime extends MemoryAddonRuntime {
    final List<List<String>> commands = new CopyOnWriteArrayList<>();
    final List<byte[]> restoredInputs = new CopyOnWriteArrayList<>();
    volatile byte[] dump = "PGDMP-test-archive".getBytes(StandardCharsets.UTF_8);
    volatile int dumpExit;
    volatile String dumpStderr = "";
    volatile int otherConnections;
    /** When set, pg_dump writes its first bytes, then waits for this latch (or an interrupt). */
    volatile CountDownLatch dumpHold;
    final CountDownLatch dumpStarted = new CountDownLatch(1);
    /** When set, the restore reads its input, then waits for this latch (or an interrupt). */
    volatile CountDownLatch restoreHold;
    final CountDownLatch restoreStarted = new CountDownLatch(1);

    @Override
    public int exec(String addonId, List<String> command, InputStream stdin, OutputStream stdout, OutputStream stderr)
            throws InterruptedException {
        commands.add(List.copyOf(command));
        try {
            switch (command.getFirst()) {
                case "pg_dump" -> {
                    stdout.write(dump, 0, Math.min(5, dump.length));
                    dumpStarted.countDown();
                    if (dumpHold != null) {
                        dumpHold.await();
                    }
                    stdout.write(dump, Math.min(5, dump.length), dump.length - Math.min(5, dump.length));
                    stderr.write(dumpStderr.getBytes(StandardCharsets.UTF_8));
                    return dumpExit;
                }
                case "psql" -> {
                    stdout.write((otherConnections + "\n").getBytes(StandardCharsets.UTF_8));
                    return 0;
                }
                case "bash" -> {
                    restoredInputs.add(stdin.readAllBytes());
                    restoreStarted.countDown();
                    if (restoreHold != null) {
                        restoreHold.await();
                    }
                    return 0;
                }
                default -> throw new IllegalArgumentException("unexpected command " + command);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
