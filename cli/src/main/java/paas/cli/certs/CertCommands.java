package paas.cli.certs;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import paas.cli.api.ApiClient;
import paas.cli.command.AppCommand;
import paas.cli.core.CliContext;
import paas.cli.core.CliException;
import paas.cli.core.Json;
import paas.cli.core.JsonOption;
import paas.cli.core.Listing;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * certs, certs:add, certs:info, certs:update, certs:remove (Heroku's SNI endpoints); certs:auto,
 * certs:auto:enable, certs:auto:disable, certs:auto:refresh (ACM); https:redirect on|off.
 */
public final class CertCommands {
  private CertCommands() {}

  static String endpointsPath(String app) {
    return ApiClient.path("apps", app, "sni-endpoints");
  }

  static String acmPath(String app) {
    return ApiClient.path("apps", app, "acm");
  }

  /** The certificate and key files as the API takes them; a file that cannot be read is named. */
  static JsonNode pemBody(CliContext ctx, String certFile, String keyFile) {
    return Json.object().put("certificate_chain", read(ctx, certFile, "certificate"))
        .put("private_key", read(ctx, keyFile, "private key"));
  }

  private static String read(CliContext ctx, String file, String what) {
    Path path = ctx.cwd().resolve(file);
    try {
      if (Files.size(path) > 64 * 1024) {
        throw new CliException("the " + what + " file " + file + " is larger than 64 KiB: give the PEM file");
      }
      return Files.readString(path, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new CliException("cannot read the " + what + " file " + file + ": " + e.getMessage());
    }
  }

  static String type(JsonNode cert) {
    return cert.path("ssl_cert").path("acm").asBoolean() ? "ACM" : "SNI";
  }

  static String commonNames(JsonNode cert) {
    List<String> names = new ArrayList<>();
    cert.path("ssl_cert").path("cert_domains").forEach(n -> names.add(n.asText()));
    return String.join(", ", names);
  }

  static String expires(JsonNode cert) {
    String at = cert.path("ssl_cert").path("expires_at").asText("");
    return at.length() >= 16 ? at.substring(0, 10) + " " + at.substring(11, 16) + " UTC" : at;
  }

  static String trusted(JsonNode cert) {
    return cert.path("ssl_cert").path("ca_signed").asBoolean() ? "True" : "False";
  }

  /** The name or id to address a certificate by: --name, else the app's only one. */
  static String pick(ApiClient api, String app, String name) {
    if (name != null) {
      return name;
    }
    JsonNode all = api.get(endpointsPath(app));
    if (all.size() == 1) {
      return Json.text(all.get(0), "name");
    }
    throw new CliException(all.isEmpty() ? app + " has no SSL certificates" : app + " has " + all.size()
        + " certificates: name one with --name (`paas certs -a " + app + "` lists them)");
  }

  static Map<String, String> details(JsonNode cert) {
    Map<String, String> details = new LinkedHashMap<>();
    details.put("Name", Json.text(cert, "name"));
    details.put("Common Name(s)", commonNames(cert));
    details.put("Domains", String.join(", ", texts(cert.path("domains"))));
    details.put("Expires At", expires(cert));
    details.put("Issuer", cert.path("ssl_cert").path("issuer").asText());
    details.put("Starts At", cert.path("ssl_cert").path("starts_at").asText());
    details.put("Subject", cert.path("ssl_cert").path("subject").asText());
    details.put("Type", type(cert));
    details.put("Trusted", trusted(cert));
    return details;
  }

  private static List<String> texts(JsonNode array) {
    List<String> texts = new ArrayList<>();
    array.forEach(n -> texts.add(n.asText()));
    return texts;
  }

  @Command(name = "certs", description = "List an app's SSL certificates.",
      footer = {"", "Example:", "  paas certs -a my-app"})
  public static final class Certs extends AppCommand {
    @Mixin
    private JsonOption json;

    public Certs(CliContext ctx) {
      super(ctx);
    }

    @Override
    protected void run() {
      String app = app();
      Listing.untitled().columns("Name", "Common Name(s)", "Expires", "Trusted", "Type")
          .whenEmpty(app + " has no SSL certificates.\nUse `paas certs:add CRT KEY` to add one, or"
              + " `paas certs:auto:enable` to have them made.")
          .table(out, json, api().get(endpointsPath(app)), cert -> List.of(Json.text(cert, "name"),
              commonNames(cert), expires(cert), trusted(cert), type(cert)));
    }
  }

  @Command(name = "certs:add", description = "Add an SSL certificate to an app (PEM: your certificate, then its"
      + " intermediates; and its unencrypted private key).",
      footer = {"", "Example:", "  paas certs:add example.com.crt example.com.key -a my-app"})
  public static final class Add extends AppCommand {
    @Parameters(index = "0", paramLabel = "CRT", description = "The certificate chain file (PEM).")
    private String certFile;

    @Parameters(index = "1", paramLabel = "KEY", description = "The private key file (PEM).")
    private String keyFile;

    public Add(CliContext ctx) {
      super(ctx);
    }

    @Override
    protected void run() {
      String app = app();
      JsonNode body = pemBody(ctx, certFile, keyFile);
      JsonNode cert = out.action("Adding SSL certificate to " + app,
          () -> api().post(endpointsPath(app), body), c -> Json.text(c, "name"));
      out.keyValues(details(cert));
    }
  }

  @Command(name = "certs:info", description = "Show an SSL certificate's details.",
      footer = {"", "Example:", "  paas certs:info --name tokyo-12345 -a my-app"})
  public static final class Info extends AppCommand {
    @Option(names = "--name", paramLabel = "NAME", description = "The certificate (when the app has several).")
    private String name;

    @Mixin
    private JsonOption json;

    public Info(CliContext ctx) {
      super(ctx);
    }

    @Override
    protected void run() {
      String app = app();
      JsonNode cert = api().get(endpointsPath(app) + ApiClient.path(pick(api(), app, name)));
      json.print(out, cert, () -> {
        out.header(Json.text(cert, "name"));
        out.keyValues(details(cert));
      });
    }
  }

  @Command(name = "certs:update", description = "Replace an SSL certificate's chain and key; it keeps its name.",
      footer = {"", "Example:", "  paas certs:update example.com.crt example.com.key -a my-app --confirm my-app"})
  public static final class Update extends AppCommand {
    @Parameters(index = "0", paramLabel = "CRT", description = "The certificate chain file (PEM).")
    private String certFile;

    @Parameters(index = "1", paramLabel = "KEY", description = "The private key file (PEM).")
    private String keyFile;

    @Option(names = "--name", paramLabel = "NAME", description = "The certificate (when the app has several).")
    private String name;

    @Option(names = "--confirm", paramLabel = "APP", description = "The app's name, to confirm.")
    private String confirm;

    public Update(CliContext ctx) {
      super(ctx);
    }

    @Override
    protected void run() {
      String app = app();
      requireConfirmation(app, confirm, "This will update the certificate of " + app + ".");
      JsonNode body = pemBody(ctx, certFile, keyFile);
      String which = pick(api(), app, name);
      JsonNode cert = out.action("Updating SSL certificate " + which + " for " + app,
          () -> api().patch(endpointsPath(app) + ApiClient.path(which), body));
      out.keyValues(details(cert));
    }
  }

  @Command(name = "certs:remove", description = "Remove an SSL certificate from an app (one ACM issued is revoked).",
      footer = {"", "Example:", "  paas certs:remove -a my-app --confirm my-app"})
  public static final class Remove extends AppCommand {
    @Option(names = "--name", paramLabel = "NAME", description = "The certificate (when the app has several).")
    private String name;

    @Option(names = "--confirm", paramLabel = "APP", description = "The app's name, to confirm.")
    private String confirm;

    public Remove(CliContext ctx) {
      super(ctx);
    }

    @Override
    protected void run() {
      String app = app();
      requireConfirmation(app, confirm, "This will remove the certificate of " + app + ".");
      String which = pick(api(), app, name);
      out.action("Removing SSL certificate " + which + " from " + app,
          () -> api().delete(endpointsPath(app) + ApiClient.path(which)));
    }
  }

  @Command(name = "certs:auto", description = "Show automated certificate management (ACM) for an app, per domain.",
      footer = {"", "Example:", "  paas certs:auto -a my-app"})
  public static final class Auto extends AppCommand {
    @Mixin
    private JsonOption json;

    public Auto(CliContext ctx) {
      super(ctx);
    }

    @Override
    protected void run() {
      String app = app();
      JsonNode acm = api().get(acmPath(app));
      json.print(out, acm, () -> {
        if (!acm.path("acm").asBoolean()) {
          out.line("=== Automatic Certificate Management is disabled on " + app);
          out.status("Turn it on with `paas certs:auto:enable -a " + app + "`.");
          return;
        }
        out.line("=== Automatic Certificate Management is enabled on " + app);
        List<List<String>> rows = new ArrayList<>();
        acm.path("domains").forEach(d -> rows.add(List.of(Json.text(d, "hostname"),
            capitalized(Json.text(d, "acm_status")), d.path("acm_status_reason").asText(""))));
        out.line("");
        out.table(List.of("Domain", "Status", "Reason"), rows);
      });
    }

    private static String capitalized(String s) {
      return s == null || s.isEmpty() ? "" : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
  }

  @Command(name = "certs:auto:enable", description = "Have the platform obtain and renew certificates for the app's"
      + " domains (ACME HTTP-01: their DNS must point at the platform).",
      footer = {"", "Example:", "  paas certs:auto:enable -a my-app"})
  public static final class Enable extends AppCommand {
    public Enable(CliContext ctx) {
      super(ctx);
    }

    @Override
    protected void run() {
      String app = app();
      out.action("Enabling Automatic Certificate Management for " + app, () -> api().post(acmPath(app), Json.object()));
      out.status("Certificates are being ordered; `paas certs:auto -a " + app + "` shows how it goes.");
    }
  }

  @Command(name = "certs:auto:disable", description = "Stop ACM for the app; the certificates it made are removed"
      + " and revoked.",
      footer = {"", "Example:", "  paas certs:auto:disable -a my-app --confirm my-app"})
  public static final class Disable extends AppCommand {
    @Option(names = "--confirm", paramLabel = "APP", description = "The app's name, to confirm.")
    private String confirm;

    public Disable(CliContext ctx) {
      super(ctx);
    }

    @Override
    protected void run() {
      String app = app();
      requireConfirmation(app, confirm,
          "This will disable Automatic Certificate Management (and revoke its certificates) on " + app + ".");
      out.action("Disabling Automatic Certificate Management for " + app, () -> api().delete(acmPath(app)));
    }
  }

  @Command(name = "certs:auto:refresh", description = "Order the app's ACM certificates again now.",
      footer = {"", "Example:", "  paas certs:auto:refresh -a my-app"})
  public static final class Refresh extends AppCommand {
    public Refresh(CliContext ctx) {
      super(ctx);
    }

    @Override
    protected void run() {
      String app = app();
      out.action("Refreshing Automatic Certificate Management for " + app,
          () -> api().patch(acmPath(app), Json.object().put("acm_refresh", true)));
    }
  }

  @Command(name = "https:redirect", description = "Redirect the app's plain-HTTP requests to HTTPS (on), or serve"
      + " both (off).",
      footer = {"", "Example:", "  paas https:redirect on -a my-app"})
  public static final class Redirect extends AppCommand {
    @Parameters(paramLabel = "on|off", description = "on or off.")
    private String state;

    public Redirect(CliContext ctx) {
      super(ctx);
    }

    @Override
    protected void run() {
      String app = app();
      if (!state.equals("on") && !state.equals("off")) {
        throw usage("give on or off, not '" + state + "'");
      }
      boolean on = state.equals("on");
      out.action((on ? "Redirecting HTTP to HTTPS for " : "Serving plain HTTP again for ") + app,
          () -> api().patch(ApiClient.path("apps", app, "tls"), Json.object().put("https_only", on)));
    }
  }
}
