package paas.router.proxy;

import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import paas.router.Route;
import paas.router.RouteTable;
import paas.router.RouterConfig;
import paas.router.testkit.RecordingLog;
import paas.router.tls.AcmeChallenges;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class PlainHttpAnswersTest {
    final RouteTable routes = new RouteTable("test.local");
    final AcmeChallenges challenges = new AcmeChallenges();
    final HttpsPort httpsPort = new HttpsPort();
    final Proxy proxy = new Proxy(RouterConfig.defaults(), routes, new Balancer(() -> 1L, System::nanoTime, 1L),
            new RecordingLog(), Clock.systemUTC(), Map.of(), challenges, httpsPort);

    static ValidRequest request(HttpMethod method, String host, String target) {
        return new ValidRequest(new DefaultHttpRequest(HttpVersion.HTTP_1_1, method, target), host, host, target,
                ValidRequest.Body.NONE, false, false);
    }

    @Test
    void answersAKnownTokenForAnyHostAndRoutesEverythingElse() {
        challenges.put("abc-_XYZ09", "abc-_XYZ09.key");
        FullHttpResponse res = PlainHttpAnswers.answer(request(HttpMethod.GET, "nowhere.example",
                AcmeChallenges.PATH_PREFIX + "abc-_XYZ09"), proxy, false);
        assertThat(res.status().code()).isEqualTo(200);
        assertThat(res.headers().get("content-type")).isEqualTo("text/plain");
        assertThat(res.content().toString(StandardCharsets.US_ASCII)).isEqualTo("abc-_XYZ09.key");
        res.release();
        assertThat(PlainHttpAnswers.answer(request(HttpMethod.POST, "nowhere.example",
                AcmeChallenges.PATH_PREFIX + "abc-_XYZ09"), proxy, false)).isNull();
        assertThat(PlainHttpAnswers.answer(request(HttpMethod.GET, "nowhere.example",
                AcmeChallenges.PATH_PREFIX + "other"), proxy, false)).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a.b", "a/b", "a%2Fb", "a?x=1", "a=", "ä", "a~b"})
    void tokensThatAreNotBase64UrlAreNeverLookedUp(String token) {
        // Even a malformed token the map holds is not answered: the rule is checked before any lookup.
        challenges.put(token, "leaked");
        assertThat(PlainHttpAnswers.answer(request(HttpMethod.GET, "x.example", AcmeChallenges.PATH_PREFIX + token),
                proxy, false)).isNull();
    }

    @Test
    void httpsOnlyRoutesAreRedirectedWithTheTlsPortUnless443() {
        routes.update(new Route("secure", List.of()).withHttpsOnly(true));
        routes.update(new Route("open", List.of()));
        ValidRequest get = request(HttpMethod.GET, "secure.test.local", "/a?b=c");
        assertThat(PlainHttpAnswers.answer(get, proxy, false)).as("no TLS port, no redirect").isNull();

        httpsPort.set(8443);
        FullHttpResponse res = PlainHttpAnswers.answer(get, proxy, true);
        assertThat(res.status().code()).isEqualTo(308);
        assertThat(res.headers().get("location")).isEqualTo("https://secure.test.local:8443/a?b=c");
        assertThat(res.headers().get("connection")).isEqualTo("close");

        httpsPort.set(443);
        assertThat(PlainHttpAnswers.answer(request(HttpMethod.DELETE, "secure.test.local", "/x"), proxy, false)
                .headers().get("location")).isEqualTo("https://secure.test.local/x");
        assertThat(PlainHttpAnswers.answer(request(HttpMethod.GET, "open.test.local", "/x"), proxy, false)).isNull();
        assertThat(PlainHttpAnswers.answer(request(HttpMethod.GET, "secure.test.local",
                AcmeChallenges.PATH_PREFIX + "unknown"), proxy, false)).as("challenge paths are never redirected").isNull();
    }
}
