package paas.vocabulary;

/** A value breaks one of the platform's rules; the message states the rule, quoting the value safely. */
public final class InvalidValueException extends IllegalArgumentException {
    InvalidValueException(String message) {
        super(message);
    }
}
