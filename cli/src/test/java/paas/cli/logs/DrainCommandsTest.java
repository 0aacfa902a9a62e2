package paas.cli.logs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import paas.cli.CommandTest;
import paas.cli.Harness;

class DrainCommandsTest extends CommandTest {
  private static final String TLS_DRAIN = """
      {"id":"0123abcd-1111-4111-8111-111111111111","url":"syslog+tls://logs.example.com:6514",
       "token":"d.01234567-89ab-4cde-8f01-23456789abcd","created_at":"2026-11-24T22:00:00Z","updated_at":"2026-11-24T22:00:00Z"}""";
  private static final String HTTPS_DRAIN = """
      {"id":"0123abcd-2222-4222-8222-222222222222","url":"https://ingest.example.com/logs",
       "token":"d.11111111-2222-4333-8444-555555555555","created_at":"2026-11-24T22:00:00Z","updated_at":"2026-11-24T22:00:00Z"}""";

  @Test
  void drainsListsUrlsWithTheirTokens() {
    api.on("GET", "/apps/my-app/log-drains", 200, "[" + TLS_DRAIN + "," + HTTPS_DRAIN + "]");
    Harness.Result result = paas.run("drains", "-a", "my-app");
    assertThat(result.exit()).isZero();
    assertThat(result.out()).isEqualTo("""
        === my-app Drains
        syslog+tls://logs.example.com:6514  (d.01234567-89ab-4cde-8f01-23456789abcd)
        https://ingest.example.com/logs     (d.11111111-2222-4333-8444-555555555555)
        """);
  }

  @Test
  void noDrainsSaysSoOnStderr() {
    api.on("GET", "/apps/my-app/log-drains", 200, "[]");
    Harness.Result result = paas.run("drains", "-a", "my-app");
    assertThat(result.exit()).isZero();
    assertThat(result.out()).isEmpty();
    assertThat(result.err()).isEqualTo("No drains for my-app\n");
  }

  @Test
  void drainsJsonPrintsTheApiList() {
    api.on("GET", "/apps/my-app/log-drains", 200, "[" + TLS_DRAIN + "]");
    Harness.Result result = paas.run("drains", "--json", "-a", "my-app");
    assertThat(result.exit()).isZero();
    assertThat(result.out()).startsWith("[\n  {\n").contains("\"token\": \"d.01234567-89ab-4cde-8f01-23456789abcd\"");
  }

  @Test
  void drainsAddPostsTheUrlAndShowsTheToken() {
    api.on("POST", "/apps/my-app/log-drains", 201, TLS_DRAIN);
    Harness.Result result = paas.run("drains:add", "syslog+tls://logs.example.com:6514", "-a", "my-app");
    assertThat(result.exit()).isZero();
    assertThat(api.only("POST", "/apps/my-app/log-drains").body()).isEqualTo("{\"url\":\"syslog+tls://logs.example.com:6514\"}");
    assertThat(result.err()).isEqualTo("Successfully added drain syslog+tls://logs.example.com:6514\n");
    assertThat(result.out()).isEqualTo("syslog+tls://logs.example.com:6514  (d.01234567-89ab-4cde-8f01-23456789abcd)\n");
  }

  @Test
  void drainsAddRefusalShowsTheRule() {
    api.on("POST", "/apps/my-app/log-drains", 422,
        "{\"id\":\"invalid_params\",\"message\":\"drain URL must be syslog+tcp://, syslog+tls:// or https://\"}");
    Harness.Result result = paas.run("drains:add", "ftp://x", "-a", "my-app");
    assertThat(result.exit()).isEqualTo(1);
    assertThat(result.err()).isEqualTo(" !    drain URL must be syslog+tcp://, syslog+tls:// or https://\n");
  }

  @Test
  void drainsRemoveByUrlEncodesItAsOnePathSegment() {
    api.on("DELETE", "/apps/my-app/log-drains/syslog%2Btls%3A%2F%2Flogs.example.com%3A6514", 200, TLS_DRAIN);
    Harness.Result result = paas.run("drains:remove", "syslog+tls://logs.example.com:6514", "-a", "my-app");
    assertThat(result.exit()).isZero();
    assertThat(result.err()).isEqualTo("Successfully removed drain syslog+tls://logs.example.com:6514\n");
    assertThat(result.out()).isEmpty();
  }

  @Test
  void drainsRemoveById() {
    api.on("DELETE", "/apps/my-app/log-drains/0123abcd-2222-4222-8222-222222222222", 200, HTTPS_DRAIN);
    Harness.Result result = paas.run("drains:remove", "0123abcd-2222-4222-8222-222222222222", "-a", "my-app");
    assertThat(result.exit()).isZero();
    assertThat(result.err()).isEqualTo("Successfully removed drain https://ingest.example.com/logs\n");
  }
}
