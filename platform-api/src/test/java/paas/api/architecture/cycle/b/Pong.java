package paas.api.architecture.cycle.b;

import paas.api.architecture.cycle.a.Ping;

/** The other half of the package cycle that PackageCyclesTest must find. */
public final class Pong {
    public Ping ping() {
        return new Ping();
    }
}
