package paas.cli.domain;

import java.util.List;
import paas.cli.api.ApiClient;
import paas.cli.command.AppCommand;
import paas.cli.core.CliContext;
import paas.cli.core.Json;
import paas.cli.core.JsonOption;
import paas.cli.core.Listing;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** domains, domains:add and domains:remove. */
public final class DomainCommands {
  private DomainCommands() {}

  static String domainsPath(String app) {
    return ApiClient.path("apps", app, "domains");
  }

  @Command(name = "domains", description = "List an app's domains: its default one and the custom ones.",
      footer = {"", "Example:", "  paas domains -a my-app"})
  public static final class Domains extends AppCommand {
    @Mixin
    private JsonOption json;

    public Domains(CliContext ctx) {
      super(ctx);
    }

    @Override
    protected void run() {
      String app = app();
      Listing.titled(app + " Domains").columns("Hostname", "Kind").table(out, json, api().get(domainsPath(app)),
          domain -> List.of(Json.text(domain, "hostname"), Json.text(domain, "kind")));
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
      out.action("Adding " + hostname + " to " + app,
          () -> api().post(domainsPath(app), Json.object().put("hostname", hostname)));
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
      out.action("Removing " + hostname + " from " + app,
          () -> api().delete(domainsPath(app) + ApiClient.path(hostname)));
    }
  }
}
