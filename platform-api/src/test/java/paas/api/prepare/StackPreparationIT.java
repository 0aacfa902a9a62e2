package paas.api.prepare;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import paas.builder.BuildFailedException;
import paas.builder.BuildRequest;
import paas.builder.BuildResult;
import paas.builder.BuildRunner;
import paas.builder.GitAccess;
import paas.builder.GitLimits;
import paas.builder.PushHandler;
import paas.builder.Slug;
import paas.builder.docker.DockerBuildConfig;
import paas.builder.docker.DockerClients;
import paas.builder.git.GitReceiver;
import paas.builder.git.GitRepositories;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The build stack's preparation for real: the repository's own scripts against this host's
 * engine, and a real {@code git push} that arrives while a preparation runs.
 */
class StackPreparationIT {
    static final Path ROOT = Path.of(System.getenv().getOrDefault("PAAS_ROOT", "..")).toAbsolutePath().normalize();
    static final String ENGINE = StackPreparer.LOCAL_ENGINE;
    private static final String TOKEN = "paas_prepare_test_admin_token_0001";

    @TempDir
    Path tmp;

    private final List<AutoCloseable> closing = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : closing.reversed()) {
            c.close();
        }
    }

    /**
     * As on a fresh host, the first look finds neither engine nor images; what the scripts then
     * do is real: ensure-engine.sh finds the engine running, build.sh finds every recipe built
     * (about a second), and the real checks find the images afterwards.
     */
    @Test
    void theRepositorysScriptsPrepareThisHost() throws Exception {
        assumeTrue(Files.exists(Path.of("/var/run/docker.sock")), "needs the engine at " + ENGINE);
        assumeTrue(StackPreparer.runsAsRoot(), "starting an engine needs root; paasd does not try without it");
        StackScripts scripts = StackScripts.in(ROOT).orElseThrow(() -> new AssertionError("no scripts under " + ROOT));
        var docker = DockerClients.connect(ENGINE);
        closing.add(docker);
        EngineStackChecks real = new EngineStackChecks(docker, List.of(DockerBuildConfig.DEFAULT_BUILD_IMAGE,
                "paas/stack-run:latest", paas.api.addons.PostgresProvider.IMAGE, paas.api.addons.RedisProvider.IMAGE));
        AtomicBoolean engineAsked = new AtomicBoolean();
        AtomicBoolean imagesAsked = new AtomicBoolean();
        StackChecks freshFirst = new StackChecks() {
            @Override
            public Optional<String> engineFailure() {
                return engineAsked.getAndSet(true) ? real.engineFailure() : Optional.of("as on a fresh host");
            }

            @Override
            public List<String> missingImages() {
                return imagesAsked.getAndSet(true) ? real.missingImages() : List.of("paas/stack-build:latest");
            }
        };
        List<String> ran = new CopyOnWriteArrayList<>();
        List<String> output = new CopyOnWriteArrayList<>();
        Commands children = StackPreparer.childProcesses(ENGINE);
        Commands recording = (command, lines) -> {
            ran.add(String.join(" ", command));
            return children.run(command, line -> {
                output.add(line);
                lines.accept(line);
            });
        };
        StackPreparation state = new StackPreparation();
        StackPreparer preparer = new StackPreparer(state, freshFirst, recording,
                new StackPreparer.Settings(Optional.of(scripts), ENGINE, true));
        long started = System.nanoTime();
        preparer.start();
        PreparationState end = state.awaitSettled(r -> {
        });
        assertThat(end).as(String.join("\n", output)).isEqualTo(new PreparationState.Ready());
        assertThat(ran).containsExactly(scripts.ensureEngine().toString(), scripts.buildStack().toString());
        assertThat(output).anyMatch(l -> l.startsWith("docker engine ") && l.contains(": running")
                        || l.startsWith("docker engine ") && l.contains(": already running"))
                .anyMatch(l -> l.startsWith("-----> stack images ready in "));
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("everything is cached here").isLessThan(Duration.ofSeconds(30));
    }

    /**
     * build.sh's numbered steps, read by paasd as they come: the images are built for real under
     * a prefix of this test's own, from this host's base image and docker's layer cache (so each
     * step is a cache hit, seconds in all), then their tags are removed again.
     */
    @Test
    void aRealStackBuildIsCountedStepByStep() throws Exception {
        assumeTrue(Files.exists(Path.of("/var/run/docker.sock")), "needs the engine at " + ENGINE);
        StackScripts scripts = StackScripts.in(ROOT).orElseThrow(() -> new AssertionError("no scripts under " + ROOT));
        var docker = DockerClients.connect(ENGINE);
        closing.add(docker);
        List<String> bases = docker.listImagesCmd().withImageNameFilter("paas/stack-base").exec().stream()
                .flatMap(i -> i.getRepoTags() == null ? java.util.stream.Stream.empty() : java.util.Arrays.stream(i.getRepoTags()))
                .filter(t -> t.startsWith("paas/stack-base:")).toList();
        assumeTrue(!bases.isEmpty(), "needs the stack images built by deploy/stack/build.sh");
        String prefix = "paas-it-" + Long.toHexString(System.nanoTime());
        List<String> tags = new CopyOnWriteArrayList<>();
        closing.add(() -> {
            for (String tag : tags) {
                try {
                    docker.removeImageCmd(tag).exec();
                } catch (RuntimeException e) {
                    // already gone
                }
            }
        });
        for (String base : bases) {
            String tag = base.substring(base.indexOf(':') + 1);
            docker.tagImageCmd(base, prefix + "/stack-base", tag).exec();
            tags.add(prefix + "/stack-base:" + tag);
        }
        List<String> images = List.of(prefix + "/stack-build", prefix + "/stack-run", prefix + "/addon-postgresql",
                prefix + "/addon-redis");
        List<String> output = new CopyOnWriteArrayList<>();
        ChildProcesses children = new ChildProcesses(Map.of("DOCKER_HOST", ENGINE, "PAAS_STACK_IMAGE_PREFIX",
                prefix + "/stack", "PAAS_ADDON_IMAGE_PREFIX", prefix + "/addon",
                "PAAS_STACK_LOG_DIR", tmp.resolve("logs").toString()));
        Commands recording = (command, lines) -> {
            try {
                return children.run(command, line -> {
                    output.add(line);
                    lines.accept(line);
                });
            } finally {
                // Whatever happened, the tags this run made go with the test.
                docker.listImagesCmd().exec().stream().filter(i -> i.getRepoTags() != null)
                        .flatMap(i -> java.util.Arrays.stream(i.getRepoTags()))
                        .filter(t -> t.startsWith(prefix + "/") && !tags.contains(t)).forEach(tags::add);
            }
        };
        StackPreparation state = new StackPreparation();
        StackPreparer preparer = new StackPreparer(state, new EngineStackChecks(docker,
                images.stream().map(i -> i + ":latest").toList()), recording,
                new StackPreparer.Settings(Optional.of(scripts), ENGINE, true));
        List<PreparationState.Running> seen = new CopyOnWriteArrayList<>();
        preparer.start();
        PreparationState end = state.awaitSettled(seen::add);

        assertThat(end).as(String.join("\n", output)).isEqualTo(new PreparationState.Ready());
        int steps = output.stream().filter(l -> l.matches("-----> [0-9]+ steps to build: .*")).findFirst()
                .map(l -> Integer.parseInt(l.split(" ")[1])).orElseThrow(() -> new AssertionError(String.join("\n", output)));
        List<PreparationState.Running> counted = seen.stream().filter(r -> r.steps() > 0).toList();
        assertThat(counted).as("the waiter saw the numbered steps").isNotEmpty()
                .allMatch(r -> r.steps() == steps, "of " + steps + " steps");
        assertThat(counted.stream().mapToInt(PreparationState.Running::step).toArray()).isSorted();
        // Every step of every image, counted without gaps, ends exactly at the total.
        List<String> numbered = output.stream().filter(l -> ProgressLine.parse(l).isPresent()).toList();
        assertThat(numbered).hasSize(steps);
        assertThat(numbered.getLast()).startsWith("       (" + steps + "/" + steps + ") addon-redis Step ");
    }

    /**
     * A push made while the stack is prepared waits, shows each numbered step as a remote line,
     * then builds. The preparation here is a slow script of numbered steps that goes on only once
     * the push has shown the first one.
     */
    @Test
    void aPushDuringThePreparationStreamsItsStepsThenBuilds() throws Exception {
        Path goOn = tmp.resolve("go-on");
        String script = "echo '-----> 3 steps to build: stack-run'\n"
                + "echo '       (1/3) stack-run Step 1/3 : ARG BASE'\n"
                + "while [ ! -e '" + goOn + "' ]; do sleep 0.1; done\n"
                + "echo '       (2/3) stack-run Step 2/3 : FROM ${BASE}'\n"
                + "echo '       (3/3) stack-run Step 3/3 : LABEL paas.stack=true'\n";
        Path build = Files.writeString(tmp.resolve("slow-build.sh"), "#!/bin/sh\n" + script);
        build.toFile().setExecutable(true);
        StackScripts scripts = new StackScripts(tmp.resolve("ensure-engine.sh"), build);
        AtomicBoolean built = new AtomicBoolean();
        StackChecks checks = new StackChecks() {
            @Override
            public Optional<String> engineFailure() {
                return Optional.empty();
            }

            @Override
            public List<String> missingImages() {
                return built.get() ? List.of() : List.of("paas/stack-run:latest");
            }
        };
        Commands children = StackPreparer.childProcesses(ENGINE);
        Commands slow = (command, lines) -> {
            int code = children.run(command, lines);
            built.set(code == 0);
            return code;
        };
        StackPreparation state = new StackPreparation();
        StackPreparer preparer = new StackPreparer(state, checks, slow, new StackPreparer.Settings(Optional.of(scripts),
                ENGINE, false));
        closing.add(preparer);
        BuildRunner builds = (request, out) -> {
            preparer.awaitReady(out);
            out.line("-----> Procfile app detected");
            return new BuildResult(new Slug("b".repeat(64), 99), Map.of("web", "./server"), "procfile");
        };
        int port = gitServer(builds);

        preparer.start();
        Path work = Files.createDirectories(tmp.resolve("work"));
        git(work, "init", "-q", "-b", "main").waitFor();
        Files.writeString(work.resolve("Procfile"), "web: ./server\n");
        git(work, "add", ".").waitFor();
        git(work, "commit", "-q", "-m", "first").waitFor();
        Process push = git(work, "push", "http://127.0.0.1:" + port + "/shop.git", "main");
        List<String> remote = new CopyOnWriteArrayList<>();
        Thread reader = Thread.ofPlatform().start(() -> readLines(push, remote::add));

        assertThat(awaitLine(remote, "remote: -----> Preparing the build stack (1/3) ... stack-run Step 1/3 : ARG BASE"))
                .as(String.join("\n", remote)).isTrue();
        assertThat(push.isAlive()).as("the push waits for the preparation").isTrue();
        assertThat(remote).noneMatch(l -> l.contains("Procfile app detected"));
        Files.createFile(goOn);

        assertThat(push.waitFor(30, TimeUnit.SECONDS)).isTrue();
        reader.join(5_000);
        assertThat(push.exitValue()).as(String.join("\n", remote)).isZero();
        // A push that comes before build.sh's first step also sees the uncounted "... building the stack images".
        assertThat(remote.stream().filter(l -> l.startsWith("remote: ----->"))
                .filter(l -> !l.startsWith("remote: -----> Preparing the build stack ... ")).toList()).containsExactly(
                "remote: -----> Building " + git(work, "rev-parse", "--short=7", "HEAD").inputReader().readLine()
                        + " of shop",
                "remote: -----> Preparing the build stack (1/3) ... stack-run Step 1/3 : ARG BASE",
                "remote: -----> Preparing the build stack (2/3) ... stack-run Step 2/3 : FROM ${BASE}",
                "remote: -----> Preparing the build stack (3/3) ... stack-run Step 3/3 : LABEL paas.stack=true",
                "remote: -----> Procfile app detected",
                "remote: -----> Launching... released v2");
        assertThat(state.snapshot()).isEqualTo(new PreparationState.Ready());
    }

    /**
     * paasd's git receiver on a port of its own, every push going to {@code build} (a push is
     * accepted when it succeeds): the HTTP side and the store have their own tests.
     */
    private int gitServer(BuildRunner build) throws Exception {
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(NioIoHandler.newFactory());
        closing.add(() -> group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync());
        ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
        closing.add(workers::shutdownNow);
        String basic = "Basic " + Base64.getEncoder().encodeToString(("me@example.com:" + TOKEN)
                .getBytes(StandardCharsets.UTF_8));
        GitAccess access = (app, authorization, client, push) -> basic.equals(authorization)
                ? new GitAccess.Result(GitAccess.Decision.ALLOWED, "me@example.com")
                : new GitAccess.Result(GitAccess.Decision.UNAUTHENTICATED, null);
        PushHandler handler = (push, out) -> {
            try {
                out.line("-----> Building " + push.newCommit().substring(0, 7) + " of " + push.app());
                build.build(new BuildRequest("b1", push.app(), push.newCommit(), push.sourceTar(), Map.of(), List.of(),
                        Duration.ofMinutes(1), 1024 * 1024, "heroku-24"), out);
                out.line("-----> Launching... released v2");
                return new PushHandler.Accepted();
            } catch (BuildFailedException e) {
                out.line(" !     " + e.getMessage());
                return new PushHandler.Rejected("build failed");
            }
        };
        GitReceiver receiver = new GitReceiver(new GitRepositories(tmp.resolve("repos")), access, handler,
                GitLimits.defaults(), tmp.resolve("scratch"), workers);
        Channel server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new HttpServerCodec()).addLast(receiver.newHandler());
                    }
                }).bind("127.0.0.1", 0).sync().channel();
        closing.add(() -> server.close().sync());
        Path home = Files.createDirectories(tmp.resolve("home"));
        Files.writeString(home.resolve(".netrc"), "machine 127.0.0.1 login me@example.com password " + TOKEN + "\n");
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    private Process git(Path dir, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("git", "-c", "user.name=T", "-c", "user.email=t@example.com",
                "-c", "credential.helper="));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().put("HOME", tmp.resolve("home").toString());
        pb.environment().put("GIT_TERMINAL_PROMPT", "0");
        pb.environment().put("GIT_CONFIG_NOSYSTEM", "1");
        return pb.start();
    }

    private static void readLines(Process p, Consumer<String> lines) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                // git rewrites remote lines in place with \r; each part is a line of its own.
                for (String part : line.split("\r")) {
                    lines.accept(part.stripTrailing());
                }
            }
        } catch (java.io.IOException e) {
            // the push ended
        }
    }

    private static boolean awaitLine(List<String> lines, String wanted) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            if (lines.contains(wanted)) {
                return true;
            }
            Thread.sleep(20);
        }
        return false;
    }
}
