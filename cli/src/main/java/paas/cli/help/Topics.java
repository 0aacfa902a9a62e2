package paas.cli.help;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import picocli.CommandLine;

/**
 * Which topic of the CLI reference a command belongs to, as Heroku groups its commands: the part of
 * the name before the first colon (config:set is in config), except for the commands whose name
 * does not say it (rollback is a releases command, scale a ps one).
 */
public final class Topics {
  /** Topics in the reference's order, each with the line that introduces it. */
  public static final List<Topic> ORDER = List.of(
      new Topic("apps", "Create, inspect, rename and destroy apps."),
      new Topic("access", "Who may work on an app: its owner and collaborators."),
      new Topic("config", "An app's config vars: the environment its dynos run with."),
      new Topic("releases", "An app's releases, rolling back to one, and releasing an image."),
      new Topic("ps", "Dynos: the formation (scale), listing, restarting and stopping them."),
      new Topic("run", "One-off dynos."),
      new Topic("logs", "An app's log stream: dyno output, router lines and platform events."),
      new Topic("drains", "Sending an app's log stream to syslog or HTTPS."),
      new Topic("domains", "Custom hostnames routed to an app."),
      new Topic("certs", "TLS certificates, added by hand or from Let's Encrypt (ACM), and redirecting to HTTPS."),
      new Topic("maintenance", "Maintenance mode: the router answers for the app, its dynos keep running."),
      new Topic("addons", "Managed PostgreSQL and Redis add-ons, and their attachments to apps."),
      new Topic("pg", "PostgreSQL add-ons: information, psql, reset and backups."),
      new Topic("redis", "Redis add-ons: information and redis-cli."),
      new Topic("builds", "An app's builds and their output."),
      new Topic("buildpacks", "Which buildpacks an app's builds run."),
      new Topic("stack", "What an app builds on: buildpacks or its Dockerfile."),
      new Topic("git", "The git remote that `git push` deploys through, and cloning an app's repository."),
      new Topic("auth", "Logging in and out, and the API token the CLI uses."),
      new Topic("authorizations", "Your API tokens."),
      new Topic("users", "User accounts (admins)."),
      new Topic("admin", "Platform administration (admins)."),
      new Topic("general", "Help, version and shell completion."));

  /** Commands whose name does not start with their topic. */
  private static final Map<String, String> TOPIC_OF = Map.of(
      "login", "auth",
      "logout", "auth",
      "rollback", "releases",
      "deploy:image", "releases",
      "scale", "ps",
      "https:redirect", "certs",
      "completion", "general",
      "version", "general",
      "help", "general");

  private Topics() {}

  /** The topic's name for a command's name. */
  public static String of(String command) {
    String mapped = TOPIC_OF.get(command);
    if (mapped != null) {
      return mapped;
    }
    int colon = command.indexOf(':');
    return colon < 0 ? command : command.substring(0, colon);
  }

  /** The topic of this name, when the reference knows it. */
  public static Optional<Topic> named(String name) {
    return ORDER.stream().filter(t -> t.name().equals(name)).findFirst();
  }

  /**
   * The root's subcommands by topic, topics in {@link #ORDER} and then by name, commands in the
   * order the CLI registers them; each command once, though picocli lists it under each alias too.
   */
  public static Map<String, List<CommandLine>> group(CommandLine root) {
    Set<CommandLine> commands = new LinkedHashSet<>(root.getSubcommands().values());
    Map<String, List<CommandLine>> grouped = new LinkedHashMap<>();
    ORDER.forEach(t -> grouped.put(t.name(), new ArrayList<>()));
    List<String> unknown = commands.stream().map(c -> of(c.getCommandName()))
        .filter(t -> named(t).isEmpty()).distinct().sorted().toList();
    // A topic not named here yet still gets its place, before the general one.
    List<CommandLine> general = grouped.remove("general");
    unknown.forEach(t -> grouped.put(t, new ArrayList<>()));
    grouped.put("general", general);
    commands.forEach(c -> grouped.get(of(c.getCommandName())).add(c));
    grouped.values().removeIf(List::isEmpty);
    return grouped;
  }

  public record Topic(String name, String summary) {}
}
