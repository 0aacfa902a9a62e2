package paas.api.http;

import io.netty.handler.codec.http.HttpMethod;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EndpointsTest {
    private final Endpoints endpoints = Endpoints.builder()
            .publicGet("/health", r -> ApiResponse.ok("health"))
            .get("/apps/{app}", r -> ApiResponse.ok("info"))
            .get("/apps/{app}/releases/{release}", r -> ApiResponse.ok("release"))
            .platformGet("/router/routes", r -> ApiResponse.ok("routes"))
            .platformPost("/router/log-lines", r -> ApiResponse.ok("lines"))
            .build();

    @Test
    void apiClientsAreRateLimitedThePlatformsOwnRouterIsNot() {
        assertThat(endpoints.match(HttpMethod.GET, "/apps/a").rateLimited()).isTrue();
        assertThat(endpoints.match(HttpMethod.GET, "/router/routes").rateLimited()).isFalse();
        assertThat(endpoints.match(HttpMethod.GET, "/router/routes").authenticated()).isTrue();
        assertThat(endpoints.match(HttpMethod.POST, "/router/log-lines").rateLimited()).isFalse();
        assertThat(endpoints.match(HttpMethod.GET, "/health").rateLimited()).isFalse();
    }

    @Test
    void parametersComeFromTheirSegmentsDecoded() {
        Endpoints.Match match = endpoints.match(HttpMethod.GET, "/apps/my%2Dapp/releases/v3");
        assertThat(match.params()).isEqualTo(Map.of("app", "my-app", "release", "v3"));
        assertThat(match.authenticated()).isTrue();
        assertThat(endpoints.match(HttpMethod.GET, "/health").authenticated()).isFalse();
        assertThat(endpoints.match(HttpMethod.GET, "/apps/x/").params()).containsEntry("app", "x");
    }

    @Test
    void aParameterNeverSpansASlash() {
        assertThatThrownBy(() -> endpoints.match(HttpMethod.GET, "/apps/a/b"))
                .isInstanceOf(ApiError.class).extracting(e -> ((ApiError) e).id()).isEqualTo("not_found");
        assertThat(endpoints.match(HttpMethod.GET, "/apps/a%2Fb").params()).containsEntry("app", "a/b");
    }

    @Test
    void aBadPercentEscapeIsTheClientsError() {
        assertThatThrownBy(() -> endpoints.match(HttpMethod.GET, "/apps/%zz/releases/v3"))
                .isInstanceOf(ApiError.class).extracting(e -> ((ApiError) e).status().code()).isEqualTo(400);
    }

    @Test
    void knownPathWithOtherMethodIs405() {
        assertThatThrownBy(() -> endpoints.match(HttpMethod.DELETE, "/health"))
                .isInstanceOf(ApiError.class).extracting(e -> ((ApiError) e).status().code()).isEqualTo(405);
    }
}
