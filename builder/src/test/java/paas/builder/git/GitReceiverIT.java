package paas.builder.git;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import paas.builder.GitAccess;
import paas.builder.GitLimits;
import paas.builder.Push;
import paas.builder.PushHandler;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;

import static org.assertj.core.api.Assertions.assertThat;

/** The real git binary pushing and cloning over HTTP, with credentials from ~/.netrc. */
class GitReceiverIT {
    private static final String TOKEN = "paas_git_test_token_0123456789";

    @TempDir
    Path tmp;

    private EventLoopGroup group;
    private ExecutorService workers;
    private Channel server;
    private int port;
    private final List<Push> pushes = new CopyOnWriteArrayList<>();
    private final List<Map<String, String>> sources = new CopyOnWriteArrayList<>();
    private volatile BiFunction<Push, paas.builder.BuildOutput, PushHandler.Outcome> behaviour =
            (push, out) -> new PushHandler.Accepted();
    private Path home;
    private Path work;

    @BeforeEach
    void start() throws Exception {
        group = new MultiThreadIoEventLoopGroup(NioIoHandler.newFactory());
        workers = Executors.newVirtualThreadPerTaskExecutor();
        GitAccess access = (app, authorization, client, push) -> {
            if (!app.startsWith("app")) {
                return new GitAccess.Result(GitAccess.Decision.NOT_FOUND, null);
            }
            String expected = "Basic " + java.util.Base64.getEncoder().encodeToString(
                    ("me@example.com:" + TOKEN).getBytes(StandardCharsets.UTF_8));
            if (authorization == null || !authorization.equals(expected)) {
                return new GitAccess.Result(GitAccess.Decision.UNAUTHENTICATED, null);
            }
            return app.equals("app-of-someone-else")
                    ? new GitAccess.Result(GitAccess.Decision.FORBIDDEN, "me@example.com")
                    : new GitAccess.Result(GitAccess.Decision.ALLOWED, "me@example.com");
        };
        PushHandler handler = (push, out) -> {
            pushes.add(push);
            sources.add(readTar(push.sourceTar()));
            return behaviour.apply(push, out);
        };
        GitReceiver receiver = new GitReceiver(new GitRepositories(tmp.resolve("repos")), access, handler,
                new GitLimits(50L * 1024 * 1024, 50L * 1024 * 1024, Duration.ofSeconds(30), Duration.ofMillis(100)), tmp.resolve("scratch"),
                workers);
        server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new HttpServerCodec()).addLast(receiver.newHandler());
                    }
                }).bind("127.0.0.1", 0).sync().channel();
        port = ((InetSocketAddress) server.localAddress()).getPort();

        home = Files.createDirectories(tmp.resolve("home"));
        Files.writeString(home.resolve(".netrc"), "machine 127.0.0.1 login me@example.com password " + TOKEN + "\n");
        work = Files.createDirectories(tmp.resolve("work"));
        git(work, "init", "-q", "-b", "main");
        Files.writeString(work.resolve("package.json"), "{\"name\":\"x\"}\n");
        Files.createDirectories(work.resolve("bin"));
        Files.writeString(work.resolve("bin/run"), "#!/bin/sh\necho hi\n");
        Files.setPosixFilePermissions(work.resolve("bin/run"), java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.createSymbolicLink(work.resolve("link"), Path.of("package.json"));
        git(work, "add", ".");
        git(work, "commit", "-q", "-m", "first");
    }

    @AfterEach
    void stop() throws Exception {
        server.close().sync();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        workers.shutdownNow();
    }

    private String url(String app) {
        return "http://127.0.0.1:" + port + "/" + app + ".git";
    }

    /** Git's keep-alives fill a quiet build's silences, and the real git client skips them. */
    @Test
    void aQuietBuildGetsKeepAlivesThatGitSkips() throws Exception {
        behaviour = (push, out) -> {
            out.line("-----> Compiling quietly");
            try {
                Thread.sleep(700); // seven keep-alive periods without a line
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            out.line("-----> Compiled");
            return new PushHandler.Accepted();
        };
        GitRun push = git(work, "push", url("app1"), "main");
        assertThat(push.exitCode()).as(push.output()).isZero();
        assertThat(push.output()).containsPattern("remote: -----> Compiling quietly *\nremote: -----> Compiled *\n");
    }

    @Test
    void pushOfMainHandsTheTreeToTheHandlerAndMovesTheBranch() throws Exception {
        behaviour = (push, out) -> {
            out.line("-----> Building " + push.newCommit().substring(0, 7));
            return new PushHandler.Accepted();
        };
        GitRun push = git(work, "push", url("app1"), "main");
        assertThat(push.exitCode()).as(push.output()).isZero();
        assertThat(push.output()).contains("remote: -----> Building");

        assertThat(pushes).hasSize(1);
        Push received = pushes.getFirst();
        assertThat(received.app()).isEqualTo("app1");
        assertThat(received.ref()).isEqualTo("refs/heads/main");
        assertThat(received.newCommit()).isEqualTo(git(work, "rev-parse", "HEAD").output().strip());
        assertThat(sources.getFirst()).containsEntry("package.json", "100644 file")
                .containsEntry("bin/run", "100755 file").containsEntry("link", "symlink->package.json");
        assertThat(received.sourceTar()).as("the source is exported to the scratch dir").startsWithRaw(tmp.resolve("scratch"));
        try (var left = Files.list(tmp.resolve("scratch"))) {
            assertThat(left).as("the exported source is removed after its build").isEmpty();
        }

        Path clone = tmp.resolve("clone");
        GitRun cloned = git(tmp, "clone", "-q", url("app1"), clone.toString());
        assertThat(cloned.exitCode()).as(cloned.output()).isZero();
        assertThat(Files.readString(clone.resolve("package.json"))).contains("\"x\"");
    }

    @Test
    void buildOutputReachesTheTerminalWhileTheBuildRuns() throws Exception {
        CountDownLatch seen = new CountDownLatch(1);
        behaviour = (push, out) -> {
            out.line("-----> first step");
            try {
                if (!seen.await(30, TimeUnit.SECONDS)) {
                    return new PushHandler.Rejected("the first line never reached git");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            out.line("-----> second step");
            return new PushHandler.Accepted();
        };
        Process p = gitProcess(work, "push", "--progress", url("app2"), "main");
        List<String> lines = Collections.synchronizedList(new ArrayList<>());
        try (BufferedReader err = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = err.readLine()) != null; ) {
                lines.add(line);
                if (line.contains("first step")) {
                    assertThat(lines).noneMatch(l -> l.contains("second step"));
                    seen.countDown();
                }
            }
        }
        assertThat(p.waitFor()).as(String.join("\n", lines)).isZero();
        assertThat(lines).anyMatch(l -> l.contains("remote: -----> second step"));
    }

    @Test
    void failedBuildRejectsThePushAndLeavesTheBranch() throws Exception {
        assertThat(git(work, "push", url("app3"), "main").exitCode()).isZero();
        String deployed = git(work, "rev-parse", "HEAD").output().strip();
        Files.writeString(work.resolve("broken"), "x");
        git(work, "add", ".");
        git(work, "commit", "-q", "-m", "second");
        behaviour = (push, out) -> {
            out.line(" !     Build failed: npm exited with status 1");
            return new PushHandler.Rejected("build failed");
        };
        GitRun push = git(work, "push", url("app3"), "main");
        assertThat(push.exitCode()).isNotZero();
        assertThat(push.output()).contains("remote:  !     Build failed").contains("[remote rejected] main -> main (build failed)");
        assertThat(git(work, "ls-remote", url("app3"), "refs/heads/main").output()).startsWith(deployed);
    }

    @Test
    void otherBranchesAreRefusedWithAHint() throws Exception {
        git(work, "checkout", "-q", "-b", "feature");
        GitRun push = git(work, "push", url("app4"), "feature");
        assertThat(push.exitCode()).isNotZero();
        assertThat(push.output()).contains("git push paas HEAD:main").contains("[remote rejected] feature -> feature");
        assertThat(pushes).isEmpty();
        assertThat(git(work, "push", url("app4"), "feature:master").exitCode()).isZero();
        assertThat(pushes).extracting(Push::ref).containsExactly("refs/heads/master");
    }

    @Test
    void withoutCredentialsOrAccessTheRepositoryIsClosed() throws Exception {
        Files.delete(home.resolve(".netrc"));
        GitRun anonymous = git(work, "push", url("app5"), "main");
        assertThat(anonymous.exitCode()).isNotZero();
        assertThat(anonymous.output()).containsAnyOf("Authentication failed", "401", "could not read Username");
        Files.writeString(home.resolve(".netrc"), "machine 127.0.0.1 login me@example.com password " + TOKEN + "\n");
        GitRun forbidden = git(work, "push", url("app-of-someone-else"), "main");
        assertThat(forbidden.exitCode()).isNotZero();
        assertThat(forbidden.output()).contains("403");
        GitRun unknown = git(work, "push", url("nope"), "main");
        assertThat(unknown.exitCode()).isNotZero();
        assertThat(pushes).isEmpty();
    }

    @Test
    void secondPushOfTheSameAppWaitsForTheFirstBuild() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch firstStarted = new CountDownLatch(1);
        behaviour = (push, out) -> {
            if (firstStarted.getCount() == 1) {
                firstStarted.countDown();
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return new PushHandler.Accepted();
        };
        Process first = gitProcess(work, "push", url("app6"), "main");
        assertThat(firstStarted.await(30, TimeUnit.SECONDS)).isTrue();
        Path other = tmp.resolve("other");
        git(tmp, "clone", "-q", work.toString(), other.toString());
        Files.writeString(other.resolve("more"), "y");
        git(other, "add", ".");
        git(other, "commit", "-q", "-m", "other");
        Process second = gitProcess(other, "push", "-f", url("app6"), "main");
        StringBuilder secondOutput = new StringBuilder();
        Thread reader = Thread.ofVirtual().start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(second.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    synchronized (secondOutput) {
                        secondOutput.append(line).append('\n');
                    }
                    if (line.contains("waiting for it to finish")) {
                        release.countDown();
                    }
                }
            } catch (IOException ignored) {
                // process ended
            }
        });
        assertThat(first.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(second.waitFor(60, TimeUnit.SECONDS)).isTrue();
        reader.join();
        assertThat(secondOutput.toString()).contains("Another build of app6 is running");
        assertThat(pushes).hasSize(2);
    }

    private record GitRun(int exitCode, String output) {
    }

    private GitRun git(Path dir, String... args) throws Exception {
        Process p = gitProcess(dir, args);
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new GitRun(p.exitValue(), out);
    }

    private Process gitProcess(Path dir, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("git", "-c", "user.name=T", "-c", "user.email=t@example.com",
                "-c", "init.defaultBranch=main", "-c", "credential.helper="));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().put("HOME", home.toString());
        pb.environment().put("GIT_TERMINAL_PROMPT", "0");
        pb.environment().put("GIT_CONFIG_NOSYSTEM", "1");
        return pb.start();
    }

    private static Map<String, String> readTar(Path tar) {
        Map<String, String> entries = new java.util.TreeMap<>();
        try (TarArchiveInputStream in = new TarArchiveInputStream(Files.newInputStream(tar))) {
            for (TarArchiveEntry e; (e = in.getNextEntry()) != null; ) {
                entries.put(e.getName(), e.isSymbolicLink() ? "symlink->" + e.getLinkName()
                        : Integer.toOctalString(e.getMode()) + " file");
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return entries;
    }
}
