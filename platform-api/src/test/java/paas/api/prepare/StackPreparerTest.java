package paas.api.prepare;

import org.junit.jupiter.api.Test;
import paas.api.prepare.PreparationState.Failed;
import paas.api.prepare.PreparationState.Ready;
import paas.builder.BuildFailedException;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

class StackPreparerTest {
    static final StackScripts SCRIPTS = new StackScripts(Path.of("/opt/paas/deploy/docker/ensure-engine.sh"),
            Path.of("/opt/paas/deploy/stack/build.sh"));
    static final String ENSURE = SCRIPTS.ensureEngine().toString();
    static final String BUILD = SCRIPTS.buildStack().toString();

    /** The engine and the images as the scripts leave them: ensure-engine starts one, build.sh makes the images. */
    final class Host implements StackChecks, Commands {
        volatile boolean engine;
        volatile boolean images;
        final List<String> ran = new CopyOnWriteArrayList<>();
        final Map<String, Script> scripts = new java.util.concurrent.ConcurrentHashMap<>();

        @Override
        public Optional<String> engineFailure() {
            return engine ? Optional.empty() : Optional.of("connect: no such file or directory");
        }

        @Override
        public List<String> missingImages() {
            if (!engine) {
                throw new IllegalStateException("asked for images without an engine");
            }
            return images ? List.of() : List.of("paas/stack-build:latest", "paas/stack-run:latest");
        }

        @Override
        public int run(List<String> command, Consumer<String> lines) throws InterruptedException {
            ran.add(String.join(" ", command));
            Script script = scripts.get(command.getFirst());
            for (String line : script.lines()) {
                lines.accept(line);
            }
            script.hold().await();
            if (script.exit() == 0) {
                if (command.getFirst().equals(ENSURE)) {
                    engine = true;
                } else {
                    images = true;
                }
            }
            return script.exit();
        }
    }

    record Script(List<String> lines, int exit, CountDownLatch hold) {
        Script(List<String> lines, int exit) {
            this(lines, exit, new CountDownLatch(0));
        }
    }

    final Host host = new Host();
    final StackPreparation state = new StackPreparation();

    StackPreparer preparer(String dockerHost, boolean root) {
        return new StackPreparer(state, host, host, new StackPreparer.Settings(Optional.of(SCRIPTS), dockerHost, root));
    }

    StackPreparer preparer(boolean root) {
        return preparer(StackPreparer.LOCAL_ENGINE, root);
    }

    PreparationState settled() throws InterruptedException {
        return state.awaitSettled(r -> {
        });
    }

    @Test
    void aHostWithTheEngineAndTheImagesIsReadyWithoutRunningAnything() throws Exception {
        host.engine = true;
        host.images = true;
        preparer(false).start();
        assertThat(settled()).isEqualTo(new Ready());
        assertThat(host.ran).isEmpty();
    }

    @Test
    void asRootAMissingEngineIsStartedAndMissingImagesBuiltInThatOrder() throws Exception {
        host.scripts.put(ENSURE, new Script(List.of("ensure-engine: started dockerd pid 42", "docker engine 26.1: started"), 0));
        host.scripts.put(BUILD, new Script(List.of("-----> 2 steps to build: stack-run",
                "       (1/2) stack-run Step 1/2 : ARG BASE", "       (2/2) stack-run Step 2/2 : FROM ${BASE}",
                "-----> stack images ready in 1.0s"), 0));
        preparer(true).start();
        assertThat(settled()).isEqualTo(new Ready());
        assertThat(host.ran).containsExactly(ENSURE, BUILD);
    }

    @Test
    void notRootAMissingEngineFailsAtOnceWithTheSudoCommandAndRunsNothing() throws Exception {
        preparer(false).start();
        assertThat(settled()).isInstanceOfSatisfying(Failed.class, f -> assertThat(f.reason())
                .contains("does not run as root").contains("run `sudo " + ENSURE + "`").contains("push again"));
        assertThat(host.ran).as("nothing half-installed").isEmpty();
    }

    @Test
    void anEngineThatRefusesPaasdsUserIsNotStartedAgain() throws Exception {
        StackChecks refusing = new StackChecks() {
            @Override
            public Optional<String> engineFailure() {
                return Optional.of("Permission denied");
            }

            @Override
            public List<String> missingImages() {
                throw new AssertionError("not asked without an engine");
            }
        };
        new StackPreparer(state, refusing, host, new StackPreparer.Settings(Optional.of(SCRIPTS), StackPreparer.LOCAL_ENGINE,
                false)).start();
        assertThat(settled()).isInstanceOfSatisfying(Failed.class, f -> assertThat(f.reason())
                .contains("refuses paasd's user").contains("sudo usermod -aG docker "));
        assertThat(host.ran).isEmpty();
    }

    @Test
    void anEngineAtAnotherDockerHostIsTheOperatorsToStart() throws Exception {
        preparer("tcp://10.0.0.5:2375", true).start();
        assertThat(settled()).isInstanceOfSatisfying(Failed.class, f -> assertThat(f.reason())
                .contains("no Docker engine answers at tcp://10.0.0.5:2375 (DOCKER_HOST)").contains("unset DOCKER_HOST"));
        assertThat(host.ran).isEmpty();
    }

    @Test
    void notRootWithAnEngineTheImagesAreStillBuiltAndAFailureNamesTheSudoCommand() throws Exception {
        host.engine = true;
        host.scripts.put(BUILD, new Script(List.of("-----> 84 steps to build: stack-base stack-build",
                " !     building paas/stack-base:abc runs debootstrap, which needs root: run deploy/stack/build.sh as root"), 1));
        preparer(false).start();
        assertThat(settled()).isInstanceOfSatisfying(Failed.class, f -> assertThat(f.reason())
                .isEqualTo("building the stack images failed: building paas/stack-base:abc runs debootstrap, which needs"
                        + " root: run deploy/stack/build.sh as root; once that is fixed, run `sudo " + BUILD
                        + "` (or push again)"));
    }

    @Test
    void aFailingEngineScriptIsReportedByItsLastWordsAndNoImageIsBuilt() throws Exception {
        host.scripts.put(ENSURE, new Script(List.of("ensure-engine: installing docker.io debootstrap from Debian's packages",
                "E: Unable to locate package docker.io",
                "ensure-engine: installing docker.io debootstrap failed (apt output above); check /etc/apt/sources.list(.d) and the network"), 1));
        preparer(true).start();
        assertThat(settled()).isInstanceOfSatisfying(Failed.class, f -> assertThat(f.reason())
                .startsWith("starting the Docker engine failed: installing docker.io debootstrap failed")
                .endsWith("run `" + ENSURE + "` (or push again)"));
        assertThat(host.ran).containsExactly(ENSURE);
    }

    @Test
    void withoutTheScriptsTheFailureSaysWhereTheyWereExpected() throws Exception {
        new StackPreparer(state, host, host, new StackPreparer.Settings(Optional.empty(), StackPreparer.LOCAL_ENGINE, true))
                .start();
        assertThat(settled()).isInstanceOfSatisfying(Failed.class, f -> assertThat(f.reason())
                .contains("deploy/docker/ensure-engine.sh").contains("deploy/stack/build.sh"));
    }

    @Test
    void aPushThatArrivesMeanwhileWaitsAndStreamsTheStepsThenBuilds() throws Exception {
        host.engine = true;
        CountDownLatch hold = new CountDownLatch(1);
        host.scripts.put(BUILD, new Script(List.of("-----> 3 steps to build: stack-run",
                "       (1/3) stack-run Step 1/3 : ARG BASE", "       (2/3) stack-run Step 2/3 : FROM ${BASE}",
                "       (3/3) stack-run Step 3/3 : LABEL paas.stack=true"), 0, hold));
        StackPreparer preparer = preparer(true);
        preparer.start();
        List<String> remote = new CopyOnWriteArrayList<>();
        AtomicReference<Throwable> outcome = new AtomicReference<>();
        CountDownLatch returned = new CountDownLatch(1);
        Thread push = Thread.ofVirtual().start(() -> {
            try {
                preparer.awaitReady(remote::add);
            } catch (Throwable t) {
                outcome.set(t);
            }
            returned.countDown();
        });
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!remote.contains("-----> Preparing the build stack (3/3) ... stack-run Step 3/3 : LABEL paas.stack=true")
                && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(returned.getCount()).as("the push waits while build.sh runs").isEqualTo(1);
        hold.countDown();
        assertThat(returned.await(5, TimeUnit.SECONDS)).isTrue();
        push.join();
        assertThat(outcome.get()).isNull();
        assertThat(remote).last().isEqualTo("-----> Preparing the build stack (3/3) ... stack-run Step 3/3 : LABEL paas.stack=true");
        assertThat(remote).allMatch(l -> l.startsWith("-----> Preparing the build stack"))
                .doesNotHaveDuplicates();
        assertThat(state.snapshot()).isEqualTo(new Ready());
    }

    @Test
    void aPushFailsWithTheReasonAndTheNextPushTriesAgain() throws Exception {
        host.engine = true;
        // build.sh fails only once the push has been told a line: else it may fail before the push waits.
        CountDownLatch told = new CountDownLatch(1);
        host.scripts.put(BUILD, new Script(List.of(" !     no Debian mirror for 'bookworm' (main) in /etc/apt/sources.list(.d):"
                + " set PAAS_DEBIAN_MIRROR, e.g. PAAS_DEBIAN_MIRROR=http://deb.debian.org/debian"), 1, told));
        StackPreparer preparer = preparer(true);
        List<String> remote = new ArrayList<>();
        BuildFailedException e = org.junit.jupiter.api.Assertions.assertThrows(BuildFailedException.class,
                () -> preparer.awaitReady(line -> {
                    remote.add(line);
                    told.countDown();
                }));
        assertThat(e.getMessage()).startsWith("the build stack is not ready: building the stack images failed: no Debian"
                + " mirror").contains("PAAS_DEBIAN_MIRROR=http").endsWith("run `" + BUILD + "` (or push again)")
                .doesNotContain("\n");
        assertThat(remote).isNotEmpty().allMatch(l -> l.startsWith("-----> Preparing the build stack ... "));

        host.scripts.put(BUILD, new Script(List.of("-----> stack images ready in 0.9s"), 0));
        preparer.awaitReady(remote::add);
        assertThat(state.snapshot()).isEqualTo(new Ready());
        assertThat(host.ran).containsExactly(BUILD, BUILD);
    }

    @Test
    void aReadyStackLetsPushesThroughWithoutALine() throws Exception {
        host.engine = true;
        host.images = true;
        StackPreparer preparer = preparer(false);
        preparer.start();
        settled();
        List<String> remote = new ArrayList<>();
        preparer.awaitReady(remote::add);
        assertThat(remote).isEmpty();
    }
}
