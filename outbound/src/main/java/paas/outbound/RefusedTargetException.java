package paas.outbound;

import java.io.IOException;

/**
 * A connection on a user's behalf was refused before anything was sent: its host is, or
 * resolves to, an address the {@link OutboundPolicy} forbids. The message names the rule;
 * it is the same whether or not anything listens there, since nothing was tried.
 */
public final class RefusedTargetException extends IOException {
    private final AddressClass reason;

    RefusedTargetException(String message, AddressClass reason) {
        super(message);
        this.reason = reason;
    }

    /** Which rule refused it. */
    public AddressClass reason() {
        return reason;
    }
}
