package paas.process.docker;

import paas.process.addons.ExecTerminal;

import java.util.function.Consumer;

/**
 * Applies the sizes a client's terminal takes while its command runs, off the thread that tells
 * them (an event loop, which must not wait for the engine), one engine call at a time and only
 * the latest of those that came meanwhile, so they land in order. Thread-safe.
 */
final class TerminalResizes implements Consumer<ExecTerminal.Size> {
    private final String name;
    private final Consumer<ExecTerminal.Size> apply;
    private ExecTerminal.Size pending;
    private boolean applying;

    /**
     * @param name  names the applying thread, e.g. the container's short id
     * @param apply makes one engine call; must not throw
     */
    TerminalResizes(String name, Consumer<ExecTerminal.Size> apply) {
        this.name = name;
        this.apply = apply;
    }

    @Override
    public void accept(ExecTerminal.Size size) {
        synchronized (this) {
            pending = size;
            if (applying) {
                return;
            }
            applying = true;
        }
        Thread.ofVirtual().name("terminal-resize-" + name).start(this::applyPending);
    }

    private void applyPending() {
        while (true) {
            ExecTerminal.Size next;
            synchronized (this) {
                next = pending;
                pending = null;
                if (next == null) {
                    applying = false;
                    return;
                }
            }
            apply.accept(next);
        }
    }
}
