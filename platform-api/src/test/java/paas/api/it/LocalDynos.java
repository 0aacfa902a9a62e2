package paas.api.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An app deployed by {@code git push} to a paasd with the local runtime, and what its dynos are
 * as Linux processes: the local runtime makes every dyno a process group and records the leader's
 * pid in {@code PAAS_DATA_DIR/dynos/ID.pid}.
 */
final class LocalDynos {
    /** A line every 10 ms, flushed, until killed: a dyno that writes output continuously. */
    static final String CHATTY_PY = """
            import os, time
            n = 0
            while True:
                n += 1
                print(os.environ.get("DYNO", "?"), "line", n, "of continuous output", flush=True)
                time.sleep(0.01)
            """;

    private LocalDynos() {
    }

    /** Creates {@code app} in the fixture's work dir with these files and pushes it; fails with git's output. */
    static void deploy(PlatformFixture fixture, PaasdProcess paasd, PaasCli paas, String app, Map<String, String> files)
            throws Exception {
        // login writes ~/.netrc, which git uses for the push
        PaasCli.Result login = paas.run("login", "--api-url", paasd.apiUrl(), "--token", PlatformFixture.ADMIN_TOKEN);
        assertThat(login.exitCode()).as(login.toString()).isZero();
        Path repo = fixture.workDir;
        fixture.git(repo, "init", "-q", "-b", "main");
        for (var f : files.entrySet()) {
            Files.writeString(repo.resolve(f.getKey()), f.getValue());
        }
        fixture.git(repo, "add", ".");
        fixture.git(repo, "commit", "-q", "-m", "local dynos");
        PaasCli.Result created = paas.run("apps:create", app);
        assertThat(created.exitCode()).as(created.toString()).isZero();
        PlatformFixture.GitRun push = fixture.git(repo, "push", "paas", "main");
        assertThat(push.exitCode()).as(push.output()).isZero();
    }

    /** The process groups of the running local dynos, from their pid files. */
    static Set<Long> groups(Path dataDir) throws IOException {
        Set<Long> groups = new HashSet<>();
        Path dir = dataDir.resolve("dynos");
        if (!Files.isDirectory(dir)) {
            return groups;
        }
        try (var files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".pid")).toList()) {
                List<String> lines = Files.readAllLines(f, StandardCharsets.UTF_8);
                if (!lines.isEmpty() && lines.get(0).matches("[0-9]+")) {
                    groups.add(Long.parseLong(lines.get(0)));
                }
            }
        }
        return groups;
    }

    /** Waits until {@code count} dynos run (pid files whose group has a live process). */
    static Set<Long> awaitRunning(Path dataDir, int count, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        Set<Long> groups = Set.of();
        while (System.nanoTime() < deadline) {
            groups = groups(dataDir);
            Set<Long> live = new HashSet<>();
            for (long[] p : livingIn(groups)) {
                live.add(p[1]);
            }
            if (live.size() == count) {
                return live;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("expected " + count + " local dynos running within " + timeout + ", found groups "
                + groups + " with living processes " + describe(livingIn(groups)));
    }

    /** {pid, pgrp} of every process, zombies aside, whose process group is one of {@code groups}. */
    static List<long[]> livingIn(Set<Long> groups) throws IOException {
        List<long[]> found = new java.util.ArrayList<>();
        try (var procs = Files.list(Path.of("/proc"))) {
            for (Path p : procs.filter(d -> d.getFileName().toString().matches("[0-9]+")).toList()) {
                String stat;
                try {
                    stat = Files.readString(p.resolve("stat"), StandardCharsets.UTF_8);
                } catch (IOException gone) {
                    continue;
                }
                // "pid (comm) state ppid pgrp ...": comm may hold spaces and parentheses.
                String[] after = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                long pgrp = Long.parseLong(after[2]);
                if (!after[0].equals("Z") && groups.contains(pgrp)) {
                    found.add(new long[]{Long.parseLong(p.getFileName().toString()), pgrp});
                }
            }
        }
        return found;
    }

    /** Waits until no process of {@code groups} is left; false on timeout. */
    static boolean awaitGone(Set<Long> groups, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!livingIn(groups).isEmpty()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(100);
        }
        return true;
    }

    static String describe(List<long[]> processes) {
        StringBuilder b = new StringBuilder();
        for (long[] p : processes) {
            String cmd;
            try {
                cmd = Files.readString(Path.of("/proc/" + p[0] + "/cmdline")).replace('\0', ' ').strip();
            } catch (IOException e) {
                cmd = "?";
            }
            b.append("\n  pid ").append(p[0]).append(" group ").append(p[1]).append(": ").append(cmd);
        }
        return b.toString();
    }
}
