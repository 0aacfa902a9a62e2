package paas.router.proxy;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import paas.router.Route;
import paas.router.RouterLogLine;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The client side on its own: answers the router gives without any dyno. */
class FrontendHandlerTest {
    final ProxyHarness p = new ProxyHarness();

    @AfterEach
    void nothingLeaks() {
        assertThat(p.client.finishAndReleaseAll()).isFalse();
    }

    @Test
    void unknownHostGets404AndTheConnectionServesTheNextRequest() {
        p.send("GET / HTTP/1.1\r\nHost: nope.test.local\r\n\r\n");
        assertThat(p.toClient()).startsWith("HTTP/1.1 404 Not Found").contains("No such app").doesNotContain("connection: close");
        p.send("GET / HTTP/1.1\r\nHost: other.test.local\r\n\r\n");
        assertThat(p.toClient()).startsWith("HTTP/1.1 404 Not Found");
        assertThat(p.client.isOpen()).isTrue();
        assertThat(p.log.lines()).isEmpty();
    }

    @Test
    void maintenanceIsH80WithALogLine() {
        p.routes.update(new Route("app", List.of(ProxyHarness.WEB_1)).withMaintenance(true));
        p.send("GET /x HTTP/1.1\r\nHost: app.test.local\r\nX-Request-Id: abcdefghijklmnopqrstuvwxyz\r\n\r\n");
        assertThat(p.toClient()).startsWith("HTTP/1.1 503 Service Unavailable").contains("maintenance");
        RouterLogLine line = p.log.awaitCode("H80");
        assertThat(line.text()).isEqualTo("at=error code=H80 desc=\"Maintenance mode\" method=GET path=\"/x\""
                + " host=app.test.local request_id=abcdefghijklmnopqrstuvwxyz fwd=\"0.0.0.0\" dyno= connect= service="
                + " status=503 bytes=0 protocol=http");
    }

    @Test
    void crashedIsH10AndNoDynosIsH14() {
        p.routes.update(new Route("down", Set.of(), List.of(), false, Route.Unavailable.CRASHED));
        p.routes.update(new Route("zero", List.of()));
        p.send("GET / HTTP/1.1\r\nHost: down.test.local\r\n\r\n");
        p.send("GET / HTTP/1.1\r\nHost: zero.test.local\r\n\r\n");
        assertThat(p.toClient().split("HTTP/1.1 503 Service Unavailable", -1)).hasSize(3);
        p.log.awaitCode("H10");
        p.log.awaitCode("H14");
    }

    @Test
    void aRequestForABootingAppWaitsTheBootTimeoutThenH20() {
        p.routes.update(new Route("slow", Set.of(), List.of(), false, Route.Unavailable.BOOTING));
        p.send("GET / HTTP/1.1\r\nHost: slow.test.local\r\n\r\n");
        for (int i = 0; i < 740; i++) {
            p.advance(Duration.ofMillis(100));
        }
        assertThat(p.toClient()).as("Heroku's 75 s: still waiting").isEmpty();
        for (int i = 0; i < 10; i++) {
            p.advance(Duration.ofMillis(100));
        }
        assertThat(p.toClient()).startsWith("HTTP/1.1 503 Service Unavailable");
        assertThat(p.log.awaitCode("H20").text()).startsWith("at=error code=H20 desc=\"App boot timeout\"");
        assertThat(p.client.isOpen()).as("a bodiless request keeps its connection").isTrue();
    }

    @Test
    void anUnroutableRequestWithABodyClosesTheConnection() {
        p.send("POST / HTTP/1.1\r\nHost: nope.test.local\r\nContent-Length: 3\r\n\r\nabc");
        assertThat(p.toClient()).startsWith("HTTP/1.1 404").contains("connection: close");
        assertThat(p.client.isOpen()).isFalse();
    }

    @Test
    void aRefusedHeadGets400AndTheConnectionCloses() {
        p.send("GET / HTTP/1.1\r\nHost: a.test.local\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nxx");
        assertThat(p.toClient()).startsWith("HTTP/1.1 400 Bad Request").contains("connection: close");
        assertThat(p.client.isOpen()).isFalse();
    }

    @Test
    void pipelinedRequestsAreAnsweredOneAfterTheOther() {
        p.send("GET /1 HTTP/1.1\r\nHost: a.test.local\r\n\r\nGET /2 HTTP/1.1\r\nHost: b.test.local\r\n\r\n"
                + "GET /3 HTTP/1.1\r\nHost: c.test.local\r\nContent-Length: x\r\n\r\n");
        String out = p.toClient();
        assertThat(out.split("HTTP/1.1 404", -1)).hasSize(3);
        assertThat(out).endsWith("</html>\n").contains("HTTP/1.1 400");
        assertThat(out.indexOf("HTTP/1.1 400")).isGreaterThan(out.lastIndexOf("HTTP/1.1 404"));
        assertThat(p.client.isOpen()).isFalse();
    }

    @Test
    void anUnexpectedFailureInsideTheRouterIsH99WithACleanPage() {
        // A router without a backend pool for this event loop fails inside, after routing.
        ProxyHarness broken = new ProxyHarness(false);
        broken.routes.update(new Route("app", List.of(ProxyHarness.WEB_1)));
        broken.send("GET / HTTP/1.1\r\nHost: app.test.local\r\n\r\n");
        String page = broken.toClient();
        assertThat(page).startsWith("HTTP/1.1 503 Service Unavailable").contains("Application error")
                .doesNotContain("IllegalStateException").doesNotContain("pool");
        assertThat(broken.log.awaitCode("H99").text()).contains("desc=\"Platform error\"").contains("status=503");
        assertThat(broken.client.finishAndReleaseAll()).isFalse();
    }

    @Test
    void idleKeepAliveConnectionIsClosedAfterTheTimeout() {
        p.send("GET / HTTP/1.1\r\nHost: nope.test.local\r\n\r\n");
        p.toClient();
        p.advance(Duration.ofSeconds(89));
        assertThat(p.client.isOpen()).isTrue();
        p.advance(Duration.ofSeconds(2));
        assertThat(p.client.isOpen()).isFalse();
    }

    @Test
    void aHeadNotFinishedWithinTheHeaderReadTimeoutGets408AndTheConnectionCloses() {
        p.send("GET / HTTP/1.1\r\nHost: nope.test.local\r\n");
        p.advance(Duration.ofSeconds(9));
        assertThat(p.client.isOpen()).isTrue();
        p.send("X-Slow: 1\r\n");
        p.advance(Duration.ofSeconds(1));
        assertThat(p.toClient()).startsWith("HTTP/1.1 408 Request Timeout").contains("connection: close");
        assertThat(p.client.isOpen()).isFalse();
        assertThat(p.log.lines()).isEmpty();
    }

    @Test
    void aSlowButCompleteHeadIsServedAndTheConnectionThenHasItsKeepAliveTimeout() {
        p.send("GET / HTTP/1.1\r\nHost: nope");
        p.advance(Duration.ofSeconds(9));
        p.send(".test.local\r\n\r\n");
        assertThat(p.toClient()).startsWith("HTTP/1.1 404");
        p.advance(Duration.ofSeconds(80));
        assertThat(p.client.isOpen()).isTrue();
        p.advance(Duration.ofSeconds(11));
        assertThat(p.client.isOpen()).isFalse();
        assertThat(p.toClient()).as("an idle connection closes without a word").isEmpty();
    }

    @Test
    void aPipelinedHeadLeftUnfinishedIsTimedFromTheEndOfTheExchangeBeforeIt() {
        p.routes.update(new Route("slow", Set.of(), List.of(), false, Route.Unavailable.BOOTING));
        p.send("GET / HTTP/1.1\r\nHost: slow.test.local\r\n\r\nGET /next HTTP/1.1\r\n");
        for (int i = 0; i < 760; i++) {
            p.advance(Duration.ofMillis(100));
        }
        assertThat(p.toClient()).startsWith("HTTP/1.1 503").doesNotContain("408");
        p.advance(Duration.ofSeconds(8));
        assertThat(p.client.isOpen()).isTrue();
        p.advance(Duration.ofSeconds(3));
        assertThat(p.toClient()).startsWith("HTTP/1.1 408");
        assertThat(p.client.isOpen()).isFalse();
    }
}
