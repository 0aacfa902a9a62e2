package paas.api.prepare;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import paas.api.deploy.BuildStack;
import paas.builder.BuildFailedException;
import paas.builder.BuildOutput;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * Makes this host ready to build: when the Docker engine does not answer, runs
 * deploy/docker/ensure-engine.sh (which installs and starts it); when stack images are missing,
 * runs deploy/stack/build.sh (cached by recipe, so an up-to-date run takes about a second). One
 * attempt at a time, on a platform thread of its own; its progress goes to paasd's log and to
 * every push that waits for it ({@link #awaitReady}). A push that finds the last attempt failed
 * starts another, so a fix made by hand is picked up without restarting paasd.
 *
 * <p>Nothing is run that needs root when paasd is not root: that fails at once with the command
 * to run instead, so nothing is left half-installed.
 */
public final class StackPreparer implements BuildStack, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger("paasd");
    /** The engine ensure-engine.sh starts; one at another DOCKER_HOST is the operator's to start. */
    public static final String LOCAL_ENGINE = "unix:///var/run/docker.sock";

    /**
     * @param scripts    the scripts, when paasd found them next to its jar
     * @param dockerHost the engine builds and dynos use
     * @param root       whether paasd runs as root (installing and starting the engine needs it)
     */
    public record Settings(Optional<StackScripts> scripts, String dockerHost, boolean root) {
    }

    private final StackPreparation state;
    private final StackChecks checks;
    private final Commands commands;
    private final Settings settings;

    public StackPreparer(StackPreparation state, StackChecks checks, Commands commands, Settings settings) {
        this.state = state;
        this.checks = checks;
        this.commands = commands;
        this.settings = settings;
    }

    /** The scripts as child processes, on the engine paasd uses. */
    public static Commands childProcesses(String dockerHost) {
        return new ChildProcesses(java.util.Map.of("DOCKER_HOST", dockerHost));
    }

    /** Whether paasd runs as root; false when that cannot be told (then nothing needing root is tried). */
    public static boolean runsAsRoot() {
        try {
            return new com.sun.security.auth.module.UnixSystem().getUid() == 0;
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    public PreparationState state() {
        return state.snapshot();
    }

    /** Starts an attempt on a thread of its own, unless one runs or the stack is ready. */
    public void start() {
        if (state.begin("checking the Docker engine and the stack images")) {
            Thread.ofPlatform().daemon().name("stack-prepare").start(this::attempt);
        }
    }

    private void attempt() {
        long started = System.nanoTime();
        try {
            Optional<String> why = prepare();
            if (why.isEmpty()) {
                state.succeed();
                log.info("the build stack is ready (checked in {} ms)", (System.nanoTime() - started) / 1_000_000);
            } else {
                state.fail(why.get());
                log.warn("the build stack is not ready: {}", why.get());
            }
        } catch (InterruptedException e) {
            state.fail("paasd stopped while it prepared the build stack; start paasd again");
        } catch (IOException | RuntimeException e) {
            String why = "preparing the build stack failed: " + oneLine(String.valueOf(e.getMessage()))
                    + "; run deploy/docker/ensure-engine.sh, then deploy/stack/build.sh, as root";
            state.fail(why);
            log.warn("the build stack is not ready: {}", why, e);
        }
    }

    /** Empty when the stack is ready, else the reason (one line, with the command to run). */
    private Optional<String> prepare() throws IOException, InterruptedException {
        Optional<String> engineDown = checks.engineFailure();
        if (engineDown.isPresent()) {
            if (!settings.dockerHost().equals(LOCAL_ENGINE)) {
                return Optional.of("no Docker engine answers at " + settings.dockerHost() + " (DOCKER_HOST): "
                        + engineDown.get() + "; paasd starts only this host's engine at " + LOCAL_ENGINE
                        + ", so start that one (or unset DOCKER_HOST), then push again");
            }
            if (engineDown.get().contains("Permission denied")) {
                // An engine runs; starting another would not help.
                return Optional.of("the Docker engine at " + LOCAL_ENGINE + " refuses paasd's user (Permission denied):"
                        + " add that user to the docker group (`sudo usermod -aG docker " + System.getProperty("user.name")
                        + "`) and restart paasd, or run paasd as root");
            }
            if (settings.scripts().isEmpty()) {
                return Optional.of(noScripts());
            }
            String ensure = settings.scripts().get().ensureEngine().toString();
            if (!settings.root()) {
                return Optional.of("no Docker engine answers at " + LOCAL_ENGINE + " and paasd does not run as"
                        + " root, so it cannot install or start one: run `sudo " + ensure + "`, then push again");
            }
            log.info("preparing the build stack: no Docker engine answers at {} ({}); running {}",
                    LOCAL_ENGINE, engineDown.get(), ensure);
            state.progress(new PreparationState.Running(0, 0, "starting the Docker engine"));
            Optional<String> failed = runScript(ensure);
            if (failed.isPresent()) {
                return Optional.of("starting the Docker engine failed: " + failed.get() + "; once that is fixed, run `"
                        + ensure + "` (or push again)");
            }
        }
        List<String> missing = checks.missingImages();
        if (missing.isEmpty()) {
            return Optional.empty();
        }
        if (settings.scripts().isEmpty()) {
            return Optional.of(noScripts());
        }
        String build = settings.scripts().get().buildStack().toString();
        String asRoot = settings.root() ? "" : "sudo ";
        log.info("preparing the build stack: {} missing; running {} (the first time on a machine takes about ten"
                + " minutes; pushes wait for it)", String.join(", ", missing), build);
        state.progress(new PreparationState.Running(0, 0, "building the stack images"));
        Optional<String> failed = runScript(build);
        if (failed.isPresent()) {
            return Optional.of("building the stack images failed: " + failed.get() + "; once that is fixed, run `"
                    + asRoot + build + "` (or push again)");
        }
        List<String> still = checks.missingImages();
        if (!still.isEmpty()) {
            return Optional.of(build + " succeeded but the engine lacks " + String.join(", ", still)
                    + ": run `" + asRoot + build + "` and read its output");
        }
        return Optional.empty();
    }

    /** Runs one script, its lines to the log and its numbered steps to the state; empty when it succeeded. */
    private Optional<String> runScript(String script) throws IOException, InterruptedException {
        ScriptTranscript transcript = new ScriptTranscript();
        int code = commands.run(List.of(script), line -> {
            transcript.add(line);
            if (!line.isBlank()) {
                log.info("build stack: {}", line.strip());
            }
            ProgressLine.parse(line).ifPresent(state::progress);
        });
        return code == 0 ? Optional.empty() : Optional.of(transcript.failure(code));
    }

    private String noScripts() {
        return "paasd cannot find " + StackScripts.ENSURE_ENGINE + " and " + StackScripts.BUILD_STACK
                + " next to its jar: run them from the repository paasd was built from, as root";
    }

    private static String oneLine(String text) {
        return text.lines().findFirst().orElse(text);
    }

    @Override
    public void awaitReady(BuildOutput output) throws BuildFailedException, InterruptedException {
        if (state.snapshot() instanceof PreparationState.Ready) {
            return;
        }
        start();
        String[] last = {""};
        PreparationState end = state.awaitSettled(running -> {
            String line = "-----> " + running.progress();
            if (!line.equals(last[0])) {
                output.line(line);
                last[0] = line;
            }
        });
        if (end instanceof PreparationState.Failed failed) {
            throw new BuildFailedException("the build stack is not ready: " + failed.reason());
        }
    }

    /** Ends a script that runs, for paasd's shutdown. */
    @Override
    public void close() {
        if (commands instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                log.debug("stopping the preparation's script: {}", e.toString());
            }
        }
    }
}
