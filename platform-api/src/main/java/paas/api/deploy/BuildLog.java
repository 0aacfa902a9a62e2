package paas.api.deploy;

/** Where build output goes besides the git client: the app's log stream (source {@code build}). */
@FunctionalInterface
public interface BuildLog {
    BuildLog NONE = (app, line) -> { };

    /** One line of a running build; must not block for long. */
    void line(String app, String line);
}
