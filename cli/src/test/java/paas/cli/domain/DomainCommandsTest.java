package paas.cli.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import paas.cli.CommandTest;
import paas.cli.Harness;

class DomainCommandsTest extends CommandTest {
  @Test
  void domainsPrintsAHostnameAndKindTable() {
    api.on("GET", "/apps/my-app/domains", 200, """
        [{"id":"d1","hostname":"my-app.paas.example","kind":"default"},{"id":"d2","hostname":"www.example.com","kind":"custom"}]""");
    Harness.Result result = paas.run("domains", "-a", "my-app");
    assertThat(result.exit()).isZero();
    assertThat(result.out()).isEqualTo("""
        === my-app Domains
        Hostname             Kind
        my-app.paas.example  default
        www.example.com      custom
        """);
  }

  @Test
  void domainsAddPostsTheHostname() {
    api.on("POST", "/apps/my-app/domains", 201, "{\"id\":\"d2\",\"hostname\":\"www.example.com\",\"kind\":\"custom\"}");
    Harness.Result result = paas.run("domains:add", "www.example.com", "-a", "my-app");
    assertThat(result.exit()).isZero();
    assertThat(api.only("POST", "/apps/my-app/domains").body()).isEqualTo("{\"hostname\":\"www.example.com\"}");
    assertThat(result.err()).isEqualTo("Adding www.example.com to my-app... done\n");
  }

  @Test
  void domainsRemoveDeletesByHostname() {
    api.on("DELETE", "/apps/my-app/domains/www.example.com", 200, "{\"id\":\"d2\"}");
    Harness.Result result = paas.run("domains:rm", "www.example.com", "-a", "my-app");
    assertThat(result.exit()).isZero();
    assertThat(result.err()).isEqualTo("Removing www.example.com from my-app... done\n");
  }

  @Test
  void removingTheDefaultDomainShowsTheApiRule() {
    api.on("DELETE", "/apps/my-app/domains/my-app.paas.example", 422,
        "{\"id\":\"invalid_params\",\"message\":\"my-app.paas.example is the app's default domain and cannot be removed\"}");
    Harness.Result result = paas.run("domains:remove", "my-app.paas.example", "-a", "my-app");
    assertThat(result.exit()).isEqualTo(1);
    assertThat(result.err()).endsWith(" !    my-app.paas.example is the app's default domain and cannot be removed\n");
  }
}
