package paas.router;

import paas.vocabulary.AppName;
import paas.vocabulary.Hostname;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Where the router sends one app's traffic. Immutable; checks itself on construction and throws
 * {@link IllegalArgumentException} naming the rule a value breaks.
 *
 * <p>The app always answers at its default hostname {@code APP.DOMAIN} (added by the
 * {@link RouteTable}); {@code hostnames} lists its custom domains. A custom domain may be a
 * wildcard of one label, {@code *.example.com}, which matches {@code www.example.com} but not
 * {@code example.com} or {@code a.b.example.com}; an exact domain wins over a wildcard.
 *
 * @param app         the app's name ({@code ^[a-z][a-z0-9-]{1,29}$})
 * @param hostnames   custom domains, case-insensitive, stored lowercase
 * @param backends    the web dynos that are up and may take requests, in any order; a dyno name may
 *                    appear twice with different addresses (two generations of {@code web.1} while
 *                    the old one drains), an identical backend may not
 * @param maintenance when true every request is answered with H80 and no dyno is contacted
 * @param unavailable when {@code backends} is empty, tells why, and so what a request gets;
 *                    ignored while there are backends
 * @param httpsOnly   a plain-HTTP request gets {@code 308 Permanent Redirect} to the same URL on the
 *                    router's TLS port (ACME challenge paths excepted); off without a TLS port
 */
public record Route(String app, Set<String> hostnames, List<Backend> backends, boolean maintenance,
                    Unavailable unavailable, boolean httpsOnly) {

    /** Why an app has no web dyno to send a request to. */
    public enum Unavailable {
        /** None is meant to run (scaled to zero, or never deployed): H14 "No web dynos running". */
        NO_WEB_DYNOS,
        /** They should run but crashed and wait for their restart: H10 "App crashed". */
        CRASHED,
        /**
         * They are starting: a request waits for the first to come up, up to the router's boot
         * timeout, then gets H20 "App boot timeout".
         */
        BOOTING
    }

    public Route {
        Objects.requireNonNull(app, "app");
        Objects.requireNonNull(unavailable, "unavailable");
        AppName.check(app);
        Set<String> names = new LinkedHashSet<>();
        for (String h : Objects.requireNonNull(hostnames, "hostnames")) {
            names.add(checkedHostname(h));
        }
        hostnames = Set.copyOf(names);
        backends = List.copyOf(Objects.requireNonNull(backends, "backends"));
        if (Set.copyOf(backends).size() != backends.size()) {
            // Same name, host and port twice is a feed bug; the same name at two addresses is a
            // rolling restart, where the old web.1 drains while the new one already serves.
            throw new IllegalArgumentException("app '" + app + "' lists the same backend twice in " + backends
                    + "; list each dyno address once");
        }
    }

    /** An app served over plain HTTP as well as HTTPS. */
    public Route(String app, Set<String> hostnames, List<Backend> backends, boolean maintenance,
                 Unavailable unavailable) {
        this(app, hostnames, backends, maintenance, unavailable, false);
    }

    /** A running app without custom domains. */
    public Route(String app, List<Backend> backends) {
        this(app, Set.of(), backends, false, Unavailable.NO_WEB_DYNOS);
    }

    public Route withBackends(List<Backend> newBackends) {
        return new Route(app, hostnames, newBackends, maintenance, unavailable, httpsOnly);
    }

    public Route withHostnames(Set<String> newHostnames) {
        return new Route(app, newHostnames, backends, maintenance, unavailable, httpsOnly);
    }

    public Route withMaintenance(boolean on) {
        return new Route(app, hostnames, backends, on, unavailable, httpsOnly);
    }

    public Route withUnavailable(Unavailable why) {
        return new Route(app, hostnames, backends, maintenance, why, httpsOnly);
    }

    public Route withHttpsOnly(boolean on) {
        return new Route(app, hostnames, backends, maintenance, unavailable, on);
    }

    /**
     * Checks a DNS name (optionally {@code *.} followed by one) and returns it lowercase.
     *
     * @throws IllegalArgumentException naming the rule when it is not one
     */
    static String checkedHostname(String hostname) {
        Objects.requireNonNull(hostname, "hostname");
        return new Hostname(hostname).value();
    }
}
