package paas.api.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The real bin/paas, run as a user would, with its own HOME (so its own ~/.netrc). */
final class PaasCli {
    record Result(int exitCode, String stdout, String stderr) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + stdout + "--- stderr\n" + stderr;
        }
    }

    private final Path home;
    private final Path workDir;
    private final Map<String, String> env = new HashMap<>();

    PaasCli(Path home, Path workDir, String apiUrl) {
        this.home = home;
        this.workDir = workDir;
        env.put("HOME", home.toString());
        env.put("PAAS_API_URL", apiUrl);
        env.put("NO_COLOR", "1");
    }

    PaasCli withEnv(String key, String value) {
        PaasCli copy = new PaasCli(home, workDir, env.get("PAAS_API_URL"));
        copy.env.putAll(env);
        copy.env.put(key, value);
        return copy;
    }

    Path home() {
        return home;
    }

    Result run(String... args) throws IOException, InterruptedException {
        return runWithInput(null, args);
    }

    Result runWithInput(String stdin, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(PaasdProcess.ROOT.resolve("bin/paas").toString());
        command.addAll(List.of(args));
        Path out = Files.createTempFile("paas-out", ".txt");
        Path err = Files.createTempFile("paas-err", ".txt");
        try {
            ProcessBuilder pb = new ProcessBuilder(command).directory(workDir.toFile())
                    .redirectOutput(out.toFile()).redirectError(err.toFile());
            pb.environment().keySet().removeIf(k -> k.startsWith("PAAS_"));
            pb.environment().putAll(env);
            Process p = pb.start();
            if (stdin != null) {
                p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
            }
            p.getOutputStream().close();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("paas " + String.join(" ", args) + " did not finish in 60 s");
            }
            return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
