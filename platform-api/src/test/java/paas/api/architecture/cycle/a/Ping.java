package paas.api.architecture.cycle.a;

import paas.api.architecture.cycle.b.Pong;

/** Half of a package cycle that PackageCyclesTest must find. */
public final class Ping {
    public Pong pong() {
        return new Pong();
    }
}
