package paas.logs;

/** A drain URL broke a rule; the message names the rule and, where useful, the fix. */
public final class InvalidDrainUrlException extends IllegalArgumentException {
    public InvalidDrainUrlException(String message) {
        super(message);
    }
}
