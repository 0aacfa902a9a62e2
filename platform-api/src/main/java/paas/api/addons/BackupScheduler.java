package paas.api.addons;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Runs the daily backup schedules: a platform thread that, every tick (a minute; less for tests,
 * {@code PAAS_BACKUP_SCHEDULE_TICK_SECONDS}), starts the backups due ({@link ScheduleDue}) and
 * removes dump files whose backup is gone. Each run is claimed in the store before it starts, so
 * neither a second tick nor a restarted paasd runs a schedule twice on one day.
 */
public final class BackupScheduler implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger("paasd.backups");

    private final PgBackups backups;
    private final Clock clock;
    private final Duration tick;
    /** A lock, not a monitor: close() waits on threads under it. */
    private final ReentrantLock lock = new ReentrantLock();
    private Thread thread;

    public BackupScheduler(PgBackups backups, Clock clock, Duration tick) {
        if (tick.isNegative() || tick.isZero()) {
            throw new IllegalArgumentException("the scheduler's tick must be positive, got " + tick);
        }
        this.backups = backups;
        this.clock = clock;
        this.tick = tick;
    }

    /** Marks what a stopped paasd left running failed ({@link PgBackups#recover}), then ticks until closed. */
    public void start() {
        lock.lock();
        try {
            startLocked();
        } finally {
            lock.unlock();
        }
    }

    private void startLocked() {
        if (thread != null) {
            return;
        }
        thread = Thread.ofPlatform().daemon().name("backup-scheduler").start(() -> {
            try {
                backups.recover();
            } catch (RuntimeException e) {
                log.warn("recovering backups a stopped paasd left running failed: {}", e.toString());
            }
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    Thread.sleep(tick);
                } catch (InterruptedException e) {
                    return;
                }
                tick();
            }
        });
    }

    /** One pass: due schedules started, unnamed files removed. Never throws. */
    void tick() {
        try {
            backups.runDueSchedules(clock.instant());
            backups.sweep();
        } catch (RuntimeException e) {
            log.warn("backup schedules: this pass failed, the next tries again: {}", e.toString());
        }
    }

    /**
     * Stops ticking (waiting for a tick under way, so it starts no backup after this), then ends
     * the running transfers ({@link PgBackups#close}).
     */
    @Override
    public void close() {
        lock.lock();
        try {
            if (thread != null) {
                thread.interrupt();
                thread.join(PgBackups.CLOSE_WAIT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            lock.unlock();
        }
        backups.close();
    }
}
