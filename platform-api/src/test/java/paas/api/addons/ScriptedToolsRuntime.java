package paas.api.addons;

import paas.process.addons.ExecTerminal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * The in-memory add-on runtime whose {@code exec} plays a script: each command (and the terminal
 * it asked for) is recorded, and the script's answer for it is written and returned.
 */
final class ScriptedToolsRuntime extends MemoryAddonRuntime {
    record Answer(int exit, String out, String err) {
    }

    record Call(String addonId, List<String> command, Optional<ExecTerminal> terminal, boolean asClient) {
    }

    final List<Call> calls = new CopyOnWriteArrayList<>();
    volatile Function<List<String>, Answer> script = command -> new Answer(0, "", "");

    @Override
    public int exec(String addonId, List<String> command, InputStream stdin, OutputStream stdout, OutputStream stderr) {
        return exec(addonId, command, Optional.empty(), stdin, stdout, stderr);
    }

    @Override
    public int exec(String addonId, List<String> command, Optional<ExecTerminal> terminal, InputStream stdin,
                    OutputStream stdout, OutputStream stderr) {
        return play(addonId, command, terminal, false, stdout, stderr);
    }

    @Override
    public int execAsClient(String addonId, List<String> command, Optional<ExecTerminal> terminal, InputStream stdin,
                            OutputStream stdout, OutputStream stderr) {
        return play(addonId, command, terminal, true, stdout, stderr);
    }

    private int play(String addonId, List<String> command, Optional<ExecTerminal> terminal, boolean asClient,
                     OutputStream stdout, OutputStream stderr) {
        find(addonId).orElseThrow(() -> new java.util.NoSuchElementException("no container " + addonId));
        calls.add(new Call(addonId, List.copyOf(command), terminal, asClient));
        Answer answer = script.apply(command);
        try {
            stdout.write(answer.out().getBytes(StandardCharsets.UTF_8));
            stderr.write(answer.err().getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return answer.exit();
    }
}
