package paas.api.prepare;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * The state of the build stack's preparation, and its only legal moves: idle or failed to running
 * (a new attempt), running to running (progress), running to ready or failed. Every reader gets an
 * immutable {@link PreparationState}.
 *
 * <p>Thread-safe. {@link #awaitSettled} blocks on a condition, never on I/O, so a push's virtual
 * thread may wait in it.
 */
public final class StackPreparation {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private PreparationState state = new PreparationState.Idle();
    /** Every running state of the current attempt, in order, so that no waiter misses a step. */
    private List<PreparationState.Running> steps = List.of();

    public PreparationState snapshot() {
        lock.lock();
        try {
            return state;
        } finally {
            lock.unlock();
        }
    }

    /** Starts an attempt when none runs and the stack is not ready; answers whether this call started it. */
    boolean begin(String detail) {
        lock.lock();
        try {
            if (state instanceof PreparationState.Running || state instanceof PreparationState.Ready) {
                return false;
            }
            steps = List.of();
            move(new PreparationState.Running(0, 0, detail));
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** The running attempt got further. */
    void progress(PreparationState.Running next) {
        lock.lock();
        try {
            requireRunning(next);
            if (!next.equals(state)) {
                move(next);
            }
        } finally {
            lock.unlock();
        }
    }

    void succeed() {
        settle(new PreparationState.Ready());
    }

    void fail(String reason) {
        settle(new PreparationState.Failed(reason));
    }

    private void settle(PreparationState end) {
        lock.lock();
        try {
            requireRunning(end);
            move(end);
        } finally {
            lock.unlock();
        }
    }

    private void requireRunning(PreparationState next) {
        if (!(state instanceof PreparationState.Running)) {
            throw new IllegalStateException("no preparation runs (" + state.word() + "), so it cannot become "
                    + next.word());
        }
    }

    private void move(PreparationState next) {
        state = next;
        if (next instanceof PreparationState.Running running) {
            List<PreparationState.Running> more = new ArrayList<>(steps);
            more.add(running);
            steps = List.copyOf(more);
        }
        changed.signalAll();
    }

    /**
     * Waits until the preparation is ready or failed and answers that state; when it is idle (none
     * started) it answers at once. Meanwhile {@code progress} gets the running state current when
     * the wait began, then every later one in order, none skipped; it runs on the calling thread
     * outside the lock, so a slow reader delays only itself.
     */
    public PreparationState awaitSettled(Consumer<PreparationState.Running> progress) throws InterruptedException {
        int next = -1;
        while (true) {
            PreparationState now;
            List<PreparationState.Running> seen;
            lock.lock();
            try {
                while (next >= 0 && next >= steps.size() && state instanceof PreparationState.Running) {
                    changed.await();
                }
                now = state;
                seen = steps;
            } finally {
                lock.unlock();
            }
            if (next < 0) {
                next = now instanceof PreparationState.Running ? seen.size() - 1 : seen.size();
            }
            for (; next < seen.size(); next++) {
                progress.accept(seen.get(next));
            }
            if (!(now instanceof PreparationState.Running)) {
                return now;
            }
        }
    }
}
