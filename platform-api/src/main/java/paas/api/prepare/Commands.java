package paas.api.prepare;

import java.io.IOException;
import java.util.List;
import java.util.function.Consumer;

/** Runs the preparation's scripts; tests give slower or failing ones. */
@FunctionalInterface
public interface Commands {
    /**
     * Runs {@code command} to its end, each line of its output (stdout and stderr together) to
     * {@code lines} as it comes. Blocks on the child's pipe: call it on a platform thread.
     *
     * @return the exit code
     */
    int run(List<String> command, Consumer<String> lines) throws IOException, InterruptedException;
}
