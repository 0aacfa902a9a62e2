package paas.process;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AwaitedRuntimeTest {
    final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    final List<String> log = Collections.synchronizedList(new ArrayList<>());
    final FakeRuntime target = new FakeRuntime(clock, log);
    final AtomicBoolean engineAnswers = new AtomicBoolean();
    final AtomicInteger checks = new AtomicInteger();
    final AwaitedRuntime runtime = new AwaitedRuntime(target, () -> {
        checks.incrementAndGet();
        return engineAnswers.get();
    }, "no docker engine answers yet: start it with deploy/docker/ensure-engine.sh", "engine answers now");

    @Test
    void untilTheEngineAnswersNoDynoStartsAndEveryCallSaysHowToFixIt() {
        assertThat(runtime.checkNow()).isFalse();
        assertThat(runtime.name()).isEqualTo("fake-awaiting-engine");
        assertThatThrownBy(runtime::list).isInstanceOf(RuntimeUnavailableException.class)
                .hasMessageContaining("deploy/docker/ensure-engine.sh");
        assertThatThrownBy(() -> runtime.remove("x")).isInstanceOf(RuntimeUnavailableException.class);
        assertThatThrownBy(() -> runtime.signal("x", Signal.TERM)).isInstanceOf(RuntimeUnavailableException.class);
        assertThat(target.dynos).isEmpty();
        assertThat(log).isEmpty();
    }

    @Test
    void theReconcilerStartsNothingWhileWaitingAndTheFormationOnceTheEngineAnswers() {
        Reconciler reconciler = new Reconciler(runtime, clock, ReconcilerConfig.defaults(), h -> true,
                (app, backends, booting) -> { }, e -> { });
        reconciler.setFormation(ReconcilerTest.formation(1, "web", 2, "worker", 1));
        reconciler.reconcileNow();
        assertThat(target.runningNames()).isEmpty();
        assertThat(reconciler.lastFailure()).get().asString().contains("ensure-engine.sh");

        engineAnswers.set(true);
        assertThat(runtime.checkNow()).isTrue();
        reconciler.reconcileNow();
        assertThat(target.runningNames()).containsExactly("web.1 v1", "web.2 v1", "worker.1 v1");
        assertThat(runtime.name()).isEqualTo("fake");
        assertThat(reconciler.lastFailure()).isEmpty();
    }

    @Test
    void onceTheEngineAnsweredItIsNotCheckedAgain() {
        engineAnswers.set(true);
        assertThat(runtime.checkNow()).isTrue();
        engineAnswers.set(false);
        assertThat(runtime.checkNow()).isTrue();
        assertThat(checks).hasValue(1);
        assertThat(runtime.list()).isEmpty();
    }

    @Test
    void aPeriodicCheckSwitchesWithoutACaller() throws Exception {
        runtime.checkEvery(java.time.Duration.ofMillis(20));
        await().atMost(java.time.Duration.ofSeconds(5)).until(() -> checks.get() >= 3);
        assertThat(runtime.ready()).as("three checks found no engine").isFalse();
        engineAnswers.set(true);
        await().atMost(java.time.Duration.ofSeconds(5)).until(runtime::ready);
        int after = checks.get();
        await("checks stop once the engine answered").during(java.time.Duration.ofMillis(150))
                .atMost(java.time.Duration.ofSeconds(2)).until(() -> checks.get() == after);
        runtime.close();
    }
}
