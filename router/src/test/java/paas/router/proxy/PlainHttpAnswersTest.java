package paas.router.proxy;

import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import paas.router.Route;
import paas.router.tls.AcmeChallenges;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PlainHttpAnswersTest {
    final AcmeChallenges challenges = new AcmeChallenges();
    static final Route SECURE = new Route("secure", List.of()).withHttpsOnly(true);
    static final Route OPEN = new Route("open", List.of());

    static ValidRequest request(HttpMethod method, String host, String target) {
        return new ValidRequest(new DefaultHttpRequest(HttpVersion.HTTP_1_1, method, target), host, host, target,
                ValidRequest.Body.NONE, false, false);
    }

    @Test
    void answersAKnownTokenAndLeavesEverythingElseToRouting() {
        challenges.put("abc-_XYZ09", "abc-_XYZ09.key");
        FullHttpResponse res = PlainHttpAnswers.challenge(request(HttpMethod.GET, "nowhere.example",
                AcmeChallenges.PATH_PREFIX + "abc-_XYZ09"), challenges, false);
        assertThat(res.status().code()).isEqualTo(200);
        assertThat(res.headers().get("content-type")).isEqualTo("text/plain");
        assertThat(res.headers().contains("connection")).isFalse();
        assertThat(res.content().toString(StandardCharsets.US_ASCII)).isEqualTo("abc-_XYZ09.key");
        res.release();
        assertThat(PlainHttpAnswers.challenge(request(HttpMethod.POST, "nowhere.example",
                AcmeChallenges.PATH_PREFIX + "abc-_XYZ09"), challenges, false)).isNull();
        assertThat(PlainHttpAnswers.challenge(request(HttpMethod.GET, "nowhere.example",
                AcmeChallenges.PATH_PREFIX + "other"), challenges, false)).isNull();
        assertThat(PlainHttpAnswers.challenge(request(HttpMethod.GET, "nowhere.example", "/abc-_XYZ09"), challenges, false))
                .isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a.b", "a/b", "a%2Fb", "a?x=1", "a=", "ä", "a~b"})
    void tokensThatAreNotBase64UrlAreNeverLookedUp(String token) {
        // Even a malformed token the map holds is not answered: the rule is checked before any lookup.
        challenges.put(token, "leaked");
        assertThat(PlainHttpAnswers.challenge(request(HttpMethod.GET, "x.example", AcmeChallenges.PATH_PREFIX + token),
                challenges, false)).isNull();
    }

    @Test
    void httpsOnlyRoutesAreRedirectedWithTheTlsPortUnless443() {
        ValidRequest get = request(HttpMethod.GET, "secure.test.local", "/a?b=c");
        assertThat(PlainHttpAnswers.httpsRedirect(get, SECURE, -1, false)).as("no TLS port, no redirect").isNull();

        FullHttpResponse res = PlainHttpAnswers.httpsRedirect(get, SECURE, 8443, true);
        assertThat(res.status().code()).isEqualTo(308);
        assertThat(res.headers().get("location")).isEqualTo("https://secure.test.local:8443/a?b=c");
        assertThat(res.headers().get("connection")).isEqualTo("close");

        assertThat(PlainHttpAnswers.httpsRedirect(request(HttpMethod.DELETE, "secure.test.local", "/x"), SECURE, 443, false)
                .headers().get("location")).isEqualTo("https://secure.test.local/x");
        assertThat(PlainHttpAnswers.httpsRedirect(request(HttpMethod.GET, "open.test.local", "/x"), OPEN, 443, false)).isNull();
        assertThat(PlainHttpAnswers.httpsRedirect(request(HttpMethod.GET, "secure.test.local",
                AcmeChallenges.PATH_PREFIX + "unknown"), SECURE, 443, false)).as("challenge paths are never redirected").isNull();
    }
}
