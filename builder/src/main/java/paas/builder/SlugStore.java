package paas.builder;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Content-addressed slug storage. A slug is written once and never modified; writing the same
 * bytes twice keeps one copy. Thread-safe.
 */
public interface SlugStore {
    /** Moves a finished tar.gz into the store (atomically) and answers its slug. */
    Slug put(Path tarGz) throws IOException;

    Optional<Path> path(String sha256);

    InputStream open(String sha256) throws IOException;
}
