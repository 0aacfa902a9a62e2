package paas.router;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The records that cross into the router check themselves. */
class RouteTest {
    @Test
    void routesKeepHttpsOnlyThroughTheirWithers() {
        Route r = new Route("keep", List.of()).withHttpsOnly(true);
        assertThat(r.withBackends(List.of()).withHostnames(Set.of("x.example")).withMaintenance(true)
                .withUnavailable(Route.Unavailable.CRASHED).httpsOnly()).isTrue();
        assertThat(new Route("keep", List.of()).httpsOnly()).isFalse();
    }

    @Test
    void routeCopiesItsCollectionsAndLowercasesHostnames() {
        List<Backend> backends = new ArrayList<>(List.of(new Backend("web.1", "10.0.0.1", 5000)));
        Route r = new Route("blog", Set.of("WWW.Example.COM"), backends, false, Route.Unavailable.NO_WEB_DYNOS);
        backends.clear();
        assertThat(r.backends()).hasSize(1);
        assertThat(r.hostnames()).containsExactly("www.example.com");
        assertThatThrownBy(() -> r.backends().add(null)).isInstanceOf(UnsupportedOperationException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Blog", "1blog", "b", "blog_app", "a-very-long-application-name-123", ""})
    void badAppNamesAreRefusedWithTheRule(String app) {
        assertThatThrownBy(() -> new Route(app, List.of())).hasMessageContaining("^[a-z][a-z0-9-]{1,29}$");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-a.example", "a..example", "a b.example", "*.*.example", "a.*.example", "ex_ample.com"})
    void badHostnamesAreRefused(String hostname) {
        assertThatThrownBy(() -> new Route("blog", Set.of(hostname), List.of(), false, Route.Unavailable.NO_WEB_DYNOS))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("invalid hostname");
    }

    @Test
    void anIdenticalBackendListedTwiceIsRefused() {
        Backend a = new Backend("web.1", "10.0.0.1", 5000);
        assertThatThrownBy(() -> new Route("blog", List.of(a, new Backend("web.1", "10.0.0.1", 5000))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("twice")
                .hasMessageContaining("10.0.0.1");
    }

    @Test
    void twoGenerationsOfOneDynoAtDifferentAddressesAreAccepted() {
        Backend draining = new Backend("web.1", "10.0.0.1", 5000);
        Backend fresh = new Backend("web.1", "10.0.0.2", 5000);
        Backend otherPort = new Backend("web.1", "10.0.0.1", 5001);
        assertThat(new Route("blog", List.of(draining, fresh, otherPort)).backends())
                .containsExactly(draining, fresh, otherPort);
    }

    @ParameterizedTest
    @ValueSource(strings = {"localhost", "dyno.internal", "10.0.0", "300.1.1.1", ""})
    void backendHostMustBeAnIpLiteral(String host) {
        assertThatThrownBy(() -> new Backend("web.1", host, 5000)).hasMessageContaining("not an IP address");
    }

    @Test
    void backendChecksDynoNameAndPortAndBuildsItsAddressWithoutLookup() {
        assertThatThrownBy(() -> new Backend("web", "10.0.0.1", 5000)).hasMessageContaining("TYPE.N");
        assertThatThrownBy(() -> new Backend("web.1", "10.0.0.1", 0)).hasMessageContaining("1..65535");
        assertThat(new Backend("web.1", "::1", 8080).address().getAddress().isLoopbackAddress()).isTrue();
        assertThat(new Backend("worker_x.12", "10.1.2.3", 80).address().getHostString()).isEqualTo("10.1.2.3");
    }

    @Test
    void routerConfigDefaultsAreHerokusNumbers() {
        RouterConfig c = RouterConfig.defaults();
        assertThat(c.connectTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(c.firstByteTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.idleTimeout()).isEqualTo(Duration.ofSeconds(55));
        assertThat(c.maxRequestLineBytes()).isEqualTo(8192);
        assertThat(c.maxHeaderBytes()).isEqualTo(65536);
        assertThat(c.keepAliveTimeout()).isEqualTo(Duration.ofSeconds(90));
        assertThat(c.maxHeaderCount()).isEqualTo(1000);
        assertThat(c.maxHeaderLineBytes()).isEqualTo(8192);
        assertThat(c.headerReadTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(c.withHeaderLimits(50, 1024).withQuarantine(Duration.ofSeconds(1)).maxHeaderCount())
                .as("other withers keep the header limits").isEqualTo(50);
        assertThat(c.withHeaderReadTimeout(Duration.ofSeconds(1)).withTimeouts(Duration.ofSeconds(1),
                Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1)).headerReadTimeout()).isEqualTo(Duration.ofSeconds(1));
        assertThatThrownBy(() -> c.withHeaderReadTimeout(Duration.ofMillis(999))).hasMessageContaining("1 s .. 5 min");
        assertThatThrownBy(() -> c.withHeaderReadTimeout(Duration.ofMinutes(6))).hasMessageContaining("1 s .. 5 min");
        assertThatThrownBy(() -> c.withHeaderLimits(0, 8192)).hasMessageContaining("maxHeaderCount must be at least 1");
        assertThatThrownBy(() -> c.withTimeouts(Duration.ZERO, Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1)))
                .hasMessageContaining("connectTimeout must be positive");
        assertThatThrownBy(() -> c.withListen("0.0.0.0", 70000)).hasMessageContaining("0..65535");
    }
}
