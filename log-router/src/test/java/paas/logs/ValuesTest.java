package paas.logs;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static paas.logs.testing.Lines.T0;
import static paas.logs.testing.Lines.line;

class ValuesTest {

    @Test
    void logLineKeepsMicrosecondsAndChecksNames() {
        LogLine l = new LogLine(Instant.parse("2026-11-24T22:00:00.123456789Z"), "myapp", Source.APP, "web.1", "x");
        assertThat(l.time()).isEqualTo(Instant.parse("2026-11-24T22:00:00.123456Z"));
        assertThatThrownBy(() -> new LogLine(T0, "MyApp", Source.APP, "web.1", "x"))
                .hasMessageContaining("^[a-z][a-z0-9-]{1,29}$");
        assertThatThrownBy(() -> new LogLine(T0, "a", Source.APP, "web.1", "x")).hasMessageContaining("app name");
        assertThatThrownBy(() -> new LogLine(T0, "myapp", Source.APP, "web 1", "x")).hasMessageContaining("dyno name");
        assertThatThrownBy(() -> new LogLine(T0, "myapp", Source.APP, "web.", "x")).hasMessageContaining("dyno name");
        assertThatThrownBy(() -> new LogLine(T0, "myapp", Source.APP, "web.1.2", "x")).hasMessageContaining("dyno name");
        assertThat(new LogLine(T0, "my-app-2", Source.PAAS, "run.4312", "").dyno()).isEqualTo("run.4312");
    }

    @Test
    void cliFormatIsHerokus() {
        assertThat(LogFormat.format(line("myapp", Source.APP, "web.1", "text")))
                .isEqualTo("2026-11-24T22:00:00.123456+00:00 app[web.1]: text");
        assertThat(LogFormat.format(new LogLine(Instant.parse("2026-01-02T03:04:05Z"), "myapp", Source.ROUTER, "router", "at=info")))
                .isEqualTo("2026-01-02T03:04:05.000000+00:00 router[router]: at=info");
    }

    @Test
    void sourceParsesWireNamesAndHerokusNameForThePlatformsOwnLines() {
        assertThat(Source.parse("router")).isEqualTo(Source.ROUTER);
        assertThat(Source.parse("heroku")).isEqualTo(Source.PAAS);
        assertThatThrownBy(() -> Source.parse("kernel")).hasMessage("log source 'kernel' is not one of app, router, paas, build"
                + " (or heroku for paas)");
        assertThatThrownBy(() -> Source.parse("Heroku")).hasMessageEndingWith("(lower case)");
    }

    @Test
    void tailRequestLimitsAndDynoMatching() {
        assertThat(TailRequest.of("myapp").lines()).isEqualTo(100);
        assertThatThrownBy(() -> TailRequest.of("myapp").withLines(1501)).hasMessage("lines must be between 0 and 1500, got 1501");
        assertThatThrownBy(() -> TailRequest.of("myapp").withLines(-1)).hasMessageContaining("between 0 and 1500");
        assertThatThrownBy(() -> TailRequest.of("myapp").withDyno("web;rm")).hasMessageContaining("dyno name");

        TailRequest web = TailRequest.of("myapp").withDyno("web");
        assertThat(web.matches(line("myapp", Source.APP, "web.1", ""))).isTrue();
        assertThat(web.matches(line("myapp", Source.APP, "web", ""))).isTrue();
        assertThat(web.matches(line("myapp", Source.APP, "webhook.1", ""))).isFalse();
        TailRequest web1 = TailRequest.of("myapp").withDyno("web.1");
        assertThat(web1.matches(line("myapp", Source.APP, "web.1", ""))).isTrue();
        assertThat(web1.matches(line("myapp", Source.APP, "web.10", ""))).isFalse();
        TailRequest routerOnly = TailRequest.of("myapp").withSources(Set.of(Source.ROUTER));
        assertThat(routerOnly.matches(line("myapp", Source.ROUTER, "router", ""))).isTrue();
        assertThat(routerOnly.matches(line("myapp", Source.APP, "web.1", ""))).isFalse();
    }

    @Test
    void drainNeedsAnIdAndADotUuidToken() {
        Drain d = Drain.create("https://logs.example.com/in");
        assertThat(d.token()).matches("d\\.[0-9a-f-]{36}");
        assertThatThrownBy(() -> new Drain("id", d.url(), "abc")).hasMessageContaining("d. followed by a lower-case UUID");
        assertThatThrownBy(() -> new Drain("a b", d.url(), d.token())).hasMessageContaining("[A-Za-z0-9_-]{1,64}");
        assertThatThrownBy(() -> new Drain("id", "ftp://x", d.token())).isInstanceOf(InvalidDrainUrlException.class);
    }

    @Test
    void configRefusesNonsense() {
        assertThatThrownBy(() -> LogRouterConfig.builder().tailBufferLines(0).build())
                .hasMessage("tailBufferLines must be at least 1, got 0");
        assertThatThrownBy(() -> LogRouterConfig.builder().backoff(java.time.Duration.ofSeconds(5), java.time.Duration.ofSeconds(1)).build())
                .hasMessageContaining("backoffMax");
    }
}
