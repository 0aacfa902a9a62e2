package paas.cli.core;

import picocli.CommandLine.Option;

/** --json on read commands: print the API's JSON instead of text. */
public final class JsonOption {
  @Option(names = "--json", description = "Print the API's JSON.")
  private boolean json;

  public boolean enabled() {
    return json;
  }
}
