package paas.cli.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import paas.cli.CommandTest;
import paas.cli.Harness;

class DomainCommandsTest extends CommandTest {
  private static final String DOMAINS = """
      [{"id":"d1","hostname":"my-app.paas.example","kind":"heroku","cname":null},
       {"id":"d2","hostname":"www.example.com","kind":"custom","cname":"my-app.paas.example"},
       {"id":"d3","hostname":"example.com","kind":"custom","cname":"my-app.paas.example"},
       {"id":"d4","hostname":"*.shop.example.com","kind":"custom","cname":"my-app.paas.example"}]""";

  @Test
  void domainsPrintsHerokusTwoSectionsWithTheDnsRecordAndTarget() {
    api.on("GET", "/apps/my-app/domains", 200, DOMAINS);
    Harness.Result result = paas.run("domains", "-a", "my-app");
    assertThat(result.exit()).isZero();
    assertThat(result.out()).isEqualTo("""
        === my-app Heroku Domain
        my-app.paas.example

        === my-app Custom Domains
        Domain Name         DNS Record Type  DNS Target
        www.example.com     CNAME            my-app.paas.example
        example.com         ALIAS or ANAME   my-app.paas.example
        *.shop.example.com  CNAME            my-app.paas.example
        """);
  }

  @Test
  void domainsWithoutCustomOnesShowsTheFirstSectionOnlyAndJsonAll() {
    api.on("GET", "/apps/my-app/domains", 200, "[{\"id\":\"d1\",\"hostname\":\"my-app.paas.example\",\"kind\":\"heroku\"}]");
    Harness.Result result = paas.run("domains", "-a", "my-app");
    assertThat(result.out()).isEqualTo("=== my-app Heroku Domain\nmy-app.paas.example\n");
    Harness.Result json = paas.run("domains", "--json", "-a", "my-app");
    assertThat(json.out()).startsWith("[\n").contains("\"kind\": \"heroku\"");
  }

  @Test
  void domainsInfoShowsTheDomainsFieldsWithTheAppByName() {
    api.on("GET", "/apps/my-app/domains/www.example.com", 200, """
        {"id":"d2","hostname":"www.example.com","kind":"custom","cname":"my-app.paas.example",
         "app":{"id":"a1","name":"my-app"},"created_at":"2026-11-24T22:00:00Z","sni_endpoint":null}""");
    Harness.Result result = paas.run("domains:info", "www.example.com", "-a", "my-app");
    assertThat(result.exit()).isZero();
    assertThat(result.out()).isEqualTo("""
        app:        my-app
        cname:      my-app.paas.example
        created_at: 2026-11-24T22:00:00Z
        hostname:   www.example.com
        id:         d2
        kind:       custom
        """);
  }

  @Test
  void domainsClearRemovesEveryCustomDomainAndKeepsThePlatformOne() {
    api.on("GET", "/apps/my-app/domains", 200, DOMAINS);
    api.on("DELETE", "/apps/my-app/domains/www.example.com", 200, "{}");
    api.on("DELETE", "/apps/my-app/domains/example.com", 200, "{}");
    api.on("DELETE", "/apps/my-app/domains/*.shop.example.com", 200, "{}");
    Harness.Result result = paas.run("domains:clear", "-a", "my-app");
    assertThat(result.exit()).as(result.err()).isZero();
    assertThat(result.err()).isEqualTo("Removing all domains from my-app... done\n");
    assertThat(requests()).containsExactly("GET /apps/my-app/domains", "DELETE /apps/my-app/domains/www.example.com",
        "DELETE /apps/my-app/domains/example.com", "DELETE /apps/my-app/domains/*.shop.example.com");
  }

  @Test
  void domainsAddPostsTheHostnameAndNamesTheDnsTarget() {
    api.on("POST", "/apps/my-app/domains", 201,
        "{\"id\":\"d2\",\"hostname\":\"www.example.com\",\"kind\":\"custom\",\"cname\":\"my-app.paas.example\"}");
    Harness.Result result = paas.run("domains:add", "www.example.com", "-a", "my-app");
    assertThat(result.exit()).isZero();
    assertThat(api.only("POST", "/apps/my-app/domains").body()).isEqualTo("{\"hostname\":\"www.example.com\"}");
    assertThat(result.err()).isEqualTo("Adding www.example.com to my-app... done\n"
        + " ›   Warning: Configure your DNS provider to point www.example.com at the DNS Target my-app.paas.example.\n");
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
