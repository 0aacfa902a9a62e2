package paas.cli.certs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import org.junit.jupiter.api.Test;
import paas.cli.CommandTest;
import paas.cli.Harness;

class CertCommandsTest extends CommandTest {
  private static final String CERT = """
      {"id":"c1","name":"tokyo-12345","domains":["www.example.com"],
       "ssl_cert":{"cert_domains":["www.example.com","example.com"],"expires_at":"2027-03-01T12:30:00Z",
       "starts_at":"2026-12-01T12:30:00Z","issuer":"CN=R3","subject":"CN=www.example.com","ca_signed":true,
       "self_signed":false,"acm":false}}""";

  @Test
  void certsPrintsHerokusTable() {
    api.on("GET", "/apps/my-app/sni-endpoints", 200, "[" + CERT + "]");
    Harness.Result result = paas.run("certs", "-a", "my-app");
    assertThat(result.exit()).isZero();
    assertThat(result.out()).isEqualTo("""
        Name         Common Name(s)                Expires               Trusted  Type
        tokyo-12345  www.example.com, example.com  2027-03-01 12:30 UTC  True     SNI
        """);
  }

  @Test
  void certsAddPostsTheFilesAsPem() throws Exception {
    Files.writeString(paas.cwd.resolve("site.crt"), "-----BEGIN CERTIFICATE-----\nAAA\n-----END CERTIFICATE-----\n");
    Files.writeString(paas.cwd.resolve("site.key"), "-----BEGIN PRIVATE KEY-----\nBBB\n-----END PRIVATE KEY-----\n");
    api.on("POST", "/apps/my-app/sni-endpoints", 201, CERT);
    Harness.Result result = paas.run("certs:add", "site.crt", "site.key", "-a", "my-app");
    assertThat(result.exit()).isZero();
    assertThat(api.only("POST", "/apps/my-app/sni-endpoints").body())
        .contains("\"certificate_chain\":\"-----BEGIN CERTIFICATE-----\\nAAA")
        .contains("\"private_key\":\"-----BEGIN PRIVATE KEY-----\\nBBB");
    assertThat(result.err()).startsWith("Adding SSL certificate to my-app... done");
    assertThat(result.out()).contains("tokyo-12345").contains("www.example.com, example.com");
  }

  @Test
  void certsAddNamesAFileItCannotRead() {
    Harness.Result result = paas.run("certs:add", "missing.crt", "missing.key", "-a", "my-app");
    assertThat(result.exit()).isEqualTo(1);
    assertThat(result.err()).contains("cannot read the certificate file missing.crt");
    assertThat(requests()).isEmpty();
  }

  @Test
  void certsRemoveNeedsConfirmAndDeletesTheOnlyCertificate() {
    Harness.Result refused = paas.run("certs:remove", "-a", "my-app");
    assertThat(refused.exit()).isEqualTo(1);
    assertThat(refused.err()).contains("re-run this command with --confirm my-app");

    api.on("GET", "/apps/my-app/sni-endpoints", 200, "[" + CERT + "]");
    api.on("DELETE", "/apps/my-app/sni-endpoints/tokyo-12345", 200, CERT);
    Harness.Result result = paas.run("certs:remove", "-a", "my-app", "--confirm", "my-app");
    assertThat(result.exit()).isZero();
    assertThat(result.err()).isEqualTo("Removing SSL certificate tokyo-12345 from my-app... done\n");
  }

  @Test
  void certsAutoShowsEachDomainsStatus() {
    api.on("GET", "/apps/my-app/acm", 200, """
        {"acm":true,"domains":[{"hostname":"www.example.com","acm_status":"cert issued","acm_status_reason":""},
        {"hostname":"shop.example.com","acm_status":"failing","acm_status_reason":"DNS points elsewhere"}]}""");
    Harness.Result result = paas.run("certs:auto", "-a", "my-app");
    assertThat(result.exit()).isZero();
    assertThat(result.out()).isEqualTo("""
        === Automatic Certificate Management is enabled on my-app

        Domain            Status       Reason
        www.example.com   Cert issued
        shop.example.com  Failing      DNS points elsewhere
        """);
  }

  @Test
  void autoEnableAndRedirectCallTheApi() {
    api.on("POST", "/apps/my-app/acm", 200, "{\"acm\":true,\"domains\":[]}");
    assertThat(paas.run("certs:auto:enable", "-a", "my-app").exit()).isZero();
    api.on("PATCH", "/apps/my-app/tls", 200, "{\"acm\":true,\"https_only\":true}");
    assertThat(paas.run("https:redirect", "on", "-a", "my-app").exit()).isZero();
    assertThat(api.only("PATCH", "/apps/my-app/tls").body()).isEqualTo("{\"https_only\":true}");
    assertThat(paas.run("https:redirect", "maybe", "-a", "my-app").exit()).isNotZero();
  }
}
