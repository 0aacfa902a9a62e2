package paas.api.domain;

import java.time.Duration;

/**
 * A request the platform refuses. Each kind maps to one HTTP status at the API edge;
 * the message is shown to the user as is, so it states the rule or the fix.
 */
public abstract sealed class PlatformException extends RuntimeException
        permits PlatformException.InvalidParams, PlatformException.NotFound,
        PlatformException.Conflict, PlatformException.Forbidden, PlatformException.Unauthorized,
        PlatformException.TooManyRequests, PlatformException.ConfirmationRequired, PlatformException.Unavailable {

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

    /**
     * The request would affect more than the caller named (another app's attachments, data), so it
     * must be repeated with an explicit confirmation (422, id {@code confirmation_required}).
     */
    public static final class ConfirmationRequired extends PlatformException {
        public ConfirmationRequired(String message) {
            super(message);
        }
    }

    /** What the request needs is not there on this platform, or not now; the message names the fix (503). */
    public static final class Unavailable extends PlatformException {
        public Unavailable(String message) {
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

    /** The caller must wait {@link #retryAfter()} before trying again (429 with {@code Retry-After}). */
    public static final class TooManyRequests extends PlatformException {
        private final Duration retryAfter;

        public TooManyRequests(String message, Duration retryAfter) {
            super(message);
            this.retryAfter = retryAfter;
        }

        public Duration retryAfter() {
            return retryAfter;
        }

        /** {@link #retryAfter()} in whole seconds, rounded up, as {@code Retry-After} carries it. */
        public long retryAfterSeconds() {
            return wholeSeconds(retryAfter);
        }

        /** {@code wait} in whole seconds, rounded up, at least 1: a client waiting that long is not early. */
        public static long wholeSeconds(Duration wait) {
            return Math.max(1, (wait.toMillis() + 999) / 1000);
        }
    }
}
