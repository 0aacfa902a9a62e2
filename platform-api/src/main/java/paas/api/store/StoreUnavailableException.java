package paas.api.store;

/** The store cannot be opened at all; paasd stops with this message. */
public final class StoreUnavailableException extends StoreException {
    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
