package paas.api.prepare;

/**
 * The last words of a preparation script, for the one line a failure is reported with: the
 * scripts end with their reason, in their own marks ({@code " !     "} from deploy/stack,
 * {@code "ensure-engine: "} from deploy/docker).
 */
final class ScriptTranscript {
    private static final String STACK_MARK = " !     ";
    private static final String ENGINE_MARK = "ensure-engine: ";

    private String lastMarked;
    private String lastLine;

    synchronized void add(String line) {
        if (line.isBlank()) {
            return;
        }
        lastLine = line.strip();
        if (line.startsWith(STACK_MARK) || line.startsWith(ENGINE_MARK)) {
            lastMarked = line.startsWith(STACK_MARK) ? line.substring(STACK_MARK.length()).strip()
                    : line.substring(ENGINE_MARK.length()).strip();
        }
    }

    /** Why the script failed: its last marked line, else its last line, else its exit code. */
    synchronized String failure(int exitCode) {
        String why = lastMarked != null ? lastMarked : lastLine;
        return why == null ? "the script exited with code " + exitCode + " and printed nothing" : why;
    }
}
