package paas.api.domain;

/**
 * A request the platform refuses. Each kind maps to one HTTP status at the API edge;
 * the message is shown to the user as is, so it states the rule or the fix.
 */
public abstract sealed class PlatformException extends RuntimeException
        permits PlatformException.InvalidParams, PlatformException.NotFound,
        PlatformException.Conflict, PlatformException.Forbidden, PlatformException.Unauthorized {

    private PlatformException(String message) {
        super(message, null, false, false);
    }

    /** A value breaks a rule (422). */
    public static final class InvalidParams extends PlatformException {
        public InvalidParams(String message) {
            super(message);
        }
    }

    /** The thing named does not exist, or the caller may not know it does (404). */
    public static final class NotFound extends PlatformException {
        public NotFound(String message) {
            super(message);
        }
    }

    /** The name or hostname is taken (409). */
    public static final class Conflict extends PlatformException {
        public Conflict(String message) {
            super(message);
        }
    }

    /** The caller is known but may not do this (403). */
    public static final class Forbidden extends PlatformException {
        public Forbidden(String message) {
            super(message);
        }
    }

    /** No valid credentials (401). */
    public static final class Unauthorized extends PlatformException {
        public Unauthorized(String message) {
            super(message);
        }
    }
}
