package paas.builder.git;

import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import paas.vocabulary.AppName;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** One bare repository per app under a root directory, created on first use. Thread-safe. */
public final class GitRepositories {
    private final Path root;

    public GitRepositories(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    /** Opens (creating when absent) the app's bare repository; the caller closes it. */
    public synchronized Repository open(String app) throws IOException {
        Path dir = dirOf(app);
        boolean exists = Files.isDirectory(dir.resolve("objects"));
        Repository repo = FileRepositoryBuilder.create(dir.toFile());
        if (!exists) {
            Files.createDirectories(root);
            repo.create(true);
            StoredConfig config = repo.getConfig();
            config.setString("core", null, "logallrefupdates", "false");
            config.setString("receive", null, "fsckObjects", "true");
            config.save();
            repo.updateRef("HEAD").link("refs/heads/main");
        }
        return repo;
    }

    /** Removes an app's repository, for when the app is destroyed. */
    public synchronized void delete(String app) throws IOException {
        Path dir = dirOf(app);
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /** Moves an app's repository to its new name, for when the app is renamed; nothing to move is fine. */
    public synchronized void rename(String from, String to) throws IOException {
        Path source = dirOf(from);
        Path target = dirOf(to);
        if (Files.exists(source)) {
            Files.move(source, target);
        }
    }

    private Path dirOf(String app) {
        AppName.check(app);
        Path dir = root.resolve(app + ".git").normalize();
        if (!dir.getParent().equals(root)) {
            throw new IllegalArgumentException("repository path escapes its root: " + app);
        }
        return dir;
    }
}
