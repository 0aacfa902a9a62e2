package paas.cli.core;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Option;

/** --json on read commands: print the API's JSON instead of text. */
public final class JsonOption {
  @Option(names = "--json", description = "Print the API's JSON.")
  private boolean json;

  public boolean enabled() {
    return json;
  }

  /** With --json prints the API's answer as it came; else runs text, the command's own layout of it. */
  public void print(Output out, JsonNode answer, Runnable text) {
    if (json) {
      out.json(answer);
    } else {
      text.run();
    }
  }
}
