package paas.cli.credentials;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import paas.cli.core.CliContext;
import paas.cli.core.CliException;
import paas.cli.core.Json;

/** $XDG_CONFIG_HOME/paas/config.json (default ~/.config/paas/config.json): {"api_url": "..."}. */
public final class ConfigFile {
  private final Path file;

  public ConfigFile(Path file) {
    this.file = file;
  }

  public static ConfigFile of(CliContext ctx) {
    // The XDG spec says a relative XDG_CONFIG_HOME is invalid and must be ignored.
    Path base =
        ctx.env("XDG_CONFIG_HOME")
            .map(Path::of)
            .filter(Path::isAbsolute)
            .orElse(ctx.home().resolve(".config"));
    return new ConfigFile(base.resolve("paas").resolve("config.json"));
  }

  public Path path() {
    return file;
  }

  public Optional<String> apiUrl() {
    String url = Json.text(read(), "api_url");
    return url.isEmpty() ? Optional.empty() : Optional.of(url);
  }

  /** Stores the API URL, keeping any other keys in the file. */
  public void writeApiUrl(String url) {
    ObjectNode config = read();
    config.put("api_url", url);
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, Json.pretty(config) + "\n", StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new CliException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  private ObjectNode read() {
    if (!Files.exists(file)) {
      return Json.object();
    }
    try {
      JsonNode node = Json.MAPPER.readTree(Files.readString(file, StandardCharsets.UTF_8));
      if (node != null && node.isObject()) {
        return (ObjectNode) node;
      }
      if (node == null || node.isMissingNode()) {
        return Json.object();
      }
      throw new CliException(file + " is not a JSON object: fix it or delete it");
    } catch (JsonProcessingException e) {
      throw new CliException(file + " is not valid JSON (" + e.getOriginalMessage() + "): fix it or delete it", e);
    } catch (IOException e) {
      throw new CliException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }
}
