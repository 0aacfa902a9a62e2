package paas.api.addons;

import paas.process.addons.AddonContainer;
import paas.process.addons.AddonContainerSpec;
import paas.process.addons.AddonEventListener;
import paas.process.addons.AddonRuntime;
import paas.process.addons.ExecTerminal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * The in-memory add-on runtime whose {@code exec} plays a script: each command (and the terminal
 * it asked for) is recorded, and the script's answer for it is written and returned.
 */
final class ScriptedToolsRuntime implements AddonRuntime {
    record Answer(int exit, String out, String err) {
    }

    record Call(String addonId, List<String> command, Optional<ExecTerminal> terminal, boolean asClient) {
    }

    private final MemoryAddonRuntime containers = new MemoryAddonRuntime();
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
        containers.find(addonId).orElseThrow(() -> new java.util.NoSuchElementException("no container " + addonId));
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

    @Override
    public AddonContainer ensure(AddonContainerSpec spec) {
        return containers.ensure(spec);
    }

    @Override
    public boolean awaitReady(String addonId, Duration timeout) throws InterruptedException {
        return containers.awaitReady(addonId, timeout);
    }

    @Override
    public void attach(String addonId, String app) {
        containers.attach(addonId, app);
    }

    @Override
    public void detach(String addonId, String app) {
        containers.detach(addonId, app);
    }

    @Override
    public Optional<AddonContainer> find(String addonId) {
        return containers.find(addonId);
    }

    @Override
    public List<AddonContainer> list() {
        return containers.list();
    }

    @Override
    public void remove(String addonId, boolean purgeData) {
        containers.remove(addonId, purgeData);
    }

    @Override
    public AutoCloseable onEvent(AddonEventListener listener) {
        return containers.onEvent(listener);
    }

    @Override
    public void close() {
        containers.close();
    }
}
