package paas.api.addons;

import paas.api.domain.Addon;
import paas.api.domain.AddonKind;
import paas.process.addons.AddonContainer;
import paas.process.addons.AddonRuntime;

/**
 * One kind of add-on: how its service is provisioned and deprovisioned and what credentials an
 * attached app gets (the URL in its config). Another kind plugs in as one more provider. Backups
 * and restores join this interface when they are built.
 */
public interface AddonProvider {

    AddonKind kind();

    /**
     * Makes sure the add-on's service exists and runs, adopting what exists (idempotent); returns
     * once it runs, before it necessarily accepts connections. Its data is made only with
     * {@link AddonRuntime.DataVolume#CREATE} (the first provisioning, or an explicit
     * re-provisioning).
     *
     * @throws paas.process.addons.AddonDataMissingException with {@code EXISTING} when the data is gone
     */
    AddonContainer provision(Addon addon, String password, AddonRuntime.DataVolume volume);

    /** Removes the add-on's service and its data. Never throws for something already gone. */
    void deprovision(Addon addon);

    /** The URL an attached app's dynos reach the service at, credentials included. */
    String credentials(Addon addon, String password);
}
