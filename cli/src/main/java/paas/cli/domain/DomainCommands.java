package paas.cli.domain;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import paas.cli.api.ApiClient;
import paas.cli.command.AppCommand;
import paas.cli.core.CliContext;
import paas.cli.core.Json;
import paas.cli.core.JsonOption;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** domains, domains:info, domains:add, domains:remove and domains:clear. */
public final class DomainCommands {
  private DomainCommands() {}

  static String domainsPath(String app) {
    return ApiClient.path("apps", app, "domains");
  }

  @Command(name = "domains", description = "List an app's domains: its platform domain, then the custom ones with the DNS "
      + "record each needs.",
      footer = {"", "Point each custom domain's DNS at its DNS Target: a CNAME record, or for a bare domain (example.com)",
          "an ALIAS or ANAME record, or an A record to the platform's address.", "",
          "Example:", "  paas domains -a my-app"})
  public static final class Domains extends AppCommand {
    @Mixin
    private JsonOption json;

    public Domains(CliContext ctx) {
      super(ctx);
    }

    @Override
    protected void run() {
      String app = app();
      JsonNode domains = api().get(domainsPath(app));
      json.print(out, domains, () -> print(app, domains));
    }

    /** "=== APP Heroku Domain" and its hostname, then "=== APP Custom Domains" when there are any. */
    private void print(String app, JsonNode domains) {
      List<List<String>> custom = new ArrayList<>();
      out.header(app + " Heroku Domain");
      for (JsonNode domain : domains) {
        String hostname = Json.text(domain, "hostname");
        if (isPlatformDomain(domain)) {
          out.value(hostname);
        } else {
          custom.add(List.of(hostname, recordType(hostname), Json.text(domain, "cname")));
        }
      }
      if (!custom.isEmpty()) {
        out.line("");
        out.header(app + " Custom Domains");
        out.table(List.of("Domain Name", "DNS Record Type", "DNS Target"), custom);
      }
    }
  }

  /** The app's own name under the platform domain: kind heroku (default from an older API). */
  static boolean isPlatformDomain(JsonNode domain) {
    String kind = Json.text(domain, "kind");
    return kind.equals("heroku") || kind.equals("default");
  }

  /**
   * The DNS record a custom domain needs: a bare domain (two labels, example.com) cannot have a
   * CNAME, so it takes an ALIAS or ANAME; any other name, a wildcard too, a CNAME.
   */
  static String recordType(String hostname) {
    boolean bare = !hostname.startsWith("*.") && hostname.chars().filter(c -> c == '.').count() == 1;
    return bare ? "ALIAS or ANAME" : "CNAME";
  }

  @Command(name = "domains:info", description = "Show one domain of the app: its kind, DNS target and times.",
      footer = {"", "Example:", "  paas domains:info www.example.com -a my-app"})
  public static final class Info extends AppCommand {
    @Parameters(paramLabel = "HOSTNAME", description = "The domain's hostname or id.")
    private String hostname;

    @Mixin
    private JsonOption json;

    public Info(CliContext ctx) {
      super(ctx);
    }

    @Override
    protected void run() {
      String app = app();
      JsonNode domain = api().get(domainsPath(app) + ApiClient.path(hostname));
      json.print(out, domain, () -> {
        Map<String, String> fields = new LinkedHashMap<>();
        domain.properties().forEach(field -> {
          JsonNode value = field.getValue();
          if (field.getKey().equals("app")) {
            value = value.path("name");
          }
          if (value.isValueNode() && !value.isNull()) {
            fields.put(field.getKey(), value.asText());
          }
        });
        out.keyValues(new TreeMap<>(fields));
      });
    }
  }

  @Command(name = "domains:clear", description = "Remove every custom domain from the app (its platform domain stays).",
      footer = {"", "Example:", "  paas domains:clear -a my-app"})
  public static final class Clear extends AppCommand {
    public Clear(CliContext ctx) {
      super(ctx);
    }

    @Override
    protected void run() {
      String app = app();
      out.action("Removing all domains from " + out.app(app), () -> {
        for (JsonNode domain : api().get(domainsPath(app))) {
          if (!isPlatformDomain(domain)) {
            api().delete(domainsPath(app) + ApiClient.path(Json.text(domain, "hostname")));
          }
        }
        return null;
      });
    }
  }

  @Command(name = "domains:add", description = "Route a custom hostname to the app; point its DNS at the platform.",
      footer = {"", "Example:", "  paas domains:add www.example.com -a my-app"})
  public static final class Add extends AppCommand {
    @Parameters(paramLabel = "HOSTNAME", description = "A lowercase DNS name, e.g. www.example.com or *.example.com.")
    private String hostname;

    public Add(CliContext ctx) {
      super(ctx);
    }

    @Override
    protected void run() {
      String app = app();
      JsonNode added = out.action("Adding " + hostname + " to " + out.app(app),
          () -> api().post(domainsPath(app), Json.object().put("hostname", hostname)));
      String target = Json.text(added, "cname");
      if (!target.isEmpty()) {
        out.warning("Configure your DNS provider to point " + hostname + " at the DNS Target " + target + ".");
      }
    }
  }

  @Command(name = "domains:remove", aliases = "domains:rm", description = "Stop routing a custom hostname to the app.",
      footer = {"", "Example:", "  paas domains:remove www.example.com -a my-app"})
  public static final class Remove extends AppCommand {
    @Parameters(paramLabel = "HOSTNAME", description = "The custom hostname.")
    private String hostname;

    public Remove(CliContext ctx) {
      super(ctx);
    }

    @Override
    protected void run() {
      String app = app();
      out.action("Removing " + hostname + " from " + out.app(app),
          () -> api().delete(domainsPath(app) + ApiClient.path(hostname)));
    }
  }
}
