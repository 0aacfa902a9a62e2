package paas.api.prepare;

import org.junit.jupiter.api.Test;
import paas.api.prepare.PreparationState.Failed;
import paas.api.prepare.PreparationState.Idle;
import paas.api.prepare.PreparationState.Ready;
import paas.api.prepare.PreparationState.Running;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StackPreparationTest {
    final StackPreparation preparation = new StackPreparation();

    @Test
    void anAttemptGoesFromIdleThroughItsStepsToReady() {
        assertThat(preparation.snapshot()).isEqualTo(new Idle());
        assertThat(preparation.begin("checking")).isTrue();
        assertThat(preparation.snapshot()).isEqualTo(new Running(0, 0, "checking"));
        preparation.progress(new Running(3, 21, "stack-build Step 3/23 : COPY certs/ /x/"));
        assertThat(preparation.snapshot()).isEqualTo(new Running(3, 21, "stack-build Step 3/23 : COPY certs/ /x/"));
        preparation.succeed();
        assertThat(preparation.snapshot()).isEqualTo(new Ready());
    }

    @Test
    void onlyOneAttemptRunsAndAReadyStackStartsNoOther() {
        assertThat(preparation.begin("first")).isTrue();
        assertThat(preparation.begin("second")).isFalse();
        assertThat(preparation.snapshot()).isEqualTo(new Running(0, 0, "first"));
        preparation.succeed();
        assertThat(preparation.begin("third")).isFalse();
        assertThat(preparation.snapshot()).isEqualTo(new Ready());
    }

    @Test
    void aFailedAttemptMayBeFollowedByAnother() {
        preparation.begin("first");
        preparation.fail("no engine: run `sudo deploy/docker/ensure-engine.sh`");
        assertThat(preparation.snapshot()).isEqualTo(new Failed("no engine: run `sudo deploy/docker/ensure-engine.sh`"));
        assertThat(preparation.begin("again")).isTrue();
        assertThat(preparation.snapshot()).isEqualTo(new Running(0, 0, "again"));
    }

    @Test
    void progressAndEndingNeedARunningAttempt() {
        assertThatThrownBy(() -> preparation.progress(new Running(1, 2, "x"))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("idle");
        assertThatThrownBy(preparation::succeed).isInstanceOf(IllegalStateException.class);
        preparation.begin("x");
        preparation.succeed();
        assertThatThrownBy(() -> preparation.fail("late")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("ready");
        assertThat(preparation.snapshot()).isEqualTo(new Ready());
    }

    @Test
    void statesRefuseWhatCannotBe() {
        assertThatThrownBy(() -> new Running(4, 3, "x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Running(-1, 3, "x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Running(1, 3, " ")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Failed("two\nlines")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Failed("")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void progressLinesCountWhenCountedAndCutLongDetails() {
        assertThat(new Running(3, 21, "stack-run Step 3/20 : COPY a b").progress())
                .isEqualTo("Preparing the build stack (3/21) ... stack-run Step 3/20 : COPY a b");
        assertThat(new Running(0, 0, "starting the Docker engine").progress())
                .isEqualTo("Preparing the build stack ... starting the Docker engine");
        String cut = new Running(1, 2, "x".repeat(300)).progress();
        assertThat(cut).endsWith("...").hasSizeLessThan(160);
    }

    @Test
    void aWaiterSeesTheCurrentStepThenEveryLaterOneThenTheEnd() throws Exception {
        preparation.begin("checking");
        preparation.progress(new Running(1, 4, "one"));
        List<Running> seen = new CopyOnWriteArrayList<>();
        AtomicReference<PreparationState> end = new AtomicReference<>();
        CountDownLatch firstSeen = new CountDownLatch(1);
        Thread waiter = Thread.ofVirtual().start(() -> {
            try {
                end.set(preparation.awaitSettled(r -> {
                    seen.add(r);
                    firstSeen.countDown();
                }));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        assertThat(firstSeen.await(5, TimeUnit.SECONDS)).isTrue();
        // In quick succession, as a script prints its last steps and ends: none is skipped.
        preparation.progress(new Running(2, 4, "two"));
        preparation.progress(new Running(3, 4, "three"));
        preparation.progress(new Running(4, 4, "four"));
        preparation.fail("broken: run `x`");
        waiter.join(5_000);
        assertThat(seen).containsExactly(new Running(1, 4, "one"), new Running(2, 4, "two"),
                new Running(3, 4, "three"), new Running(4, 4, "four"));
        assertThat(end.get()).isEqualTo(new Failed("broken: run `x`"));
    }

    @Test
    void aNewAttemptStartsItsStepsAfresh() throws Exception {
        preparation.begin("first");
        preparation.progress(new Running(1, 2, "old"));
        preparation.fail("broken: run `x`");
        preparation.begin("second");
        List<Running> seen = new CopyOnWriteArrayList<>();
        Thread waiter = Thread.ofVirtual().start(() -> {
            try {
                preparation.awaitSettled(seen::add);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (seen.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        preparation.succeed();
        waiter.join(5_000);
        assertThat(seen).containsExactly(new Running(0, 0, "second"));
    }

    @Test
    void waitingOnASettledOrIdlePreparationReturnsAtOnce() throws Exception {
        assertThat(preparation.awaitSettled(r -> {
            throw new AssertionError("no progress");
        })).isEqualTo(new Idle());
        preparation.begin("x");
        preparation.succeed();
        assertThat(preparation.awaitSettled(r -> {
            throw new AssertionError("no progress");
        })).isEqualTo(new Ready());
    }

}
