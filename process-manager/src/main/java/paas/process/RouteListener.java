package paas.process;

import java.util.List;

/**
 * Told the full set of web dynos to route an app's requests to whenever it changes.
 *
 * <p>Guarantee: a web dyno leaves the set before it is sent SIGTERM, and during a deploy or a
 * {@code ps:restart} the new dynos enter the set (all at once, once each answers on its port)
 * before any dyno they replace is stopped. A dyno the runtime reports exited leaves the set at
 * once. When the call throws, the reconciler stops no dyno of that app in that pass and tells the
 * set again on the next one. Called from the reconciler's thread, and from the runtime's exit
 * threads, one call at a time; must not block for long.
 */
@FunctionalInterface
public interface RouteListener {
    /**
     * @param backends the web dynos that answer, sorted by name
     * @param booting  {@code backends} is empty but web dynos are starting: requests may wait for
     *                 them (the router's H20 wait) rather than fail at once
     */
    void routesChanged(String app, List<Backend> backends, boolean booting);
}
