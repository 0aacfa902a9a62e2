package paas.builder;

/** A build that did not produce a slug; the message is shown to the user who pushed. */
public class BuildFailedException extends Exception {
    public BuildFailedException(String message) {
        super(message);
    }

    public BuildFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
