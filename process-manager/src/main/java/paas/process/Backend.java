package paas.process;

import java.util.Objects;

/**
 * A web dyno the router may send requests to.
 *
 * @param dyno the dyno's name, {@code web.1}
 * @param host IP literal reachable from the host the router runs on
 * @param port its port there
 */
public record Backend(String dyno, String host, int port) {
    public Backend {
        Names.dyno(dyno);
        Objects.requireNonNull(host, "host");
        new Endpoint(host, port);
    }

    static Backend of(String dyno, Endpoint endpoint) {
        return new Backend(dyno, endpoint.host(), endpoint.port());
    }
}
