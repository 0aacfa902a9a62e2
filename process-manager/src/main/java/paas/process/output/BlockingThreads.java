package paas.process.output;

import java.util.Objects;

/**
 * Platform threads for one purpose that blocks in the kernel outside the JDK's socket poller:
 * reading a child process's pipe, writing to it. Such a call on a virtual thread holds its
 * carrier for as long as it blocks (on JDK 25, {@code FileInputStream} no longer lends the
 * scheduler a spare carrier meanwhile), and the scheduler has one carrier per CPU: two quiet
 * dynos on a two-CPU host stopped every other virtual thread, the API's included. Socket I/O
 * stays on virtual threads; it parks instead.
 *
 * <p>Threads are daemons (a pump never keeps the JVM alive) named {@code PURPOSE-SUBJECT}, e.g.
 * {@code dyno-out-myapp.web.1}, so a thread dump tells which dyno a blocked thread serves.
 * Immutable and thread-safe.
 */
public final class BlockingThreads {
    // Pumps hold an 8 KiB heap buffer and call shallow code: a small stack is plenty, and keeps
    // a host with hundreds of dynos from reserving a megabyte per pipe.
    private static final long STACK_BYTES = 256 * 1024;

    private final String purpose;

    /** @param purpose the name prefix, e.g. {@code dyno-out} */
    public BlockingThreads(String purpose) {
        this.purpose = Objects.requireNonNull(purpose, "purpose");
    }

    /** Starts {@code task} on a new platform daemon thread named {@code PURPOSE-SUBJECT}. */
    public Thread start(String subject, Runnable task) {
        return Thread.ofPlatform().daemon().stackSize(STACK_BYTES).name(purpose + "-" + subject).start(task);
    }
}
