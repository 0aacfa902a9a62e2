package paas.builder;

/**
 * Where build output goes, one line at a time, as it is produced (to the git client's terminal
 * and the build log). Implementations must be thread-safe and must not block for long.
 */
@FunctionalInterface
public interface BuildOutput {
    void line(String text);
}
