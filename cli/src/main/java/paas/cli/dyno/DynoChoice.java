package paas.cli.dyno;

import java.util.Optional;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Which dynos ps:restart and ps:stop act on, as Heroku's CLI names them: -p/--process-type TYPE or
 * -d/--dyno-name DYNO, and the positional TYPE|DYNO that Heroku keeps for old scripts (here it takes
 * either, told apart by the dot of a dyno's name).
 */
public final class DynoChoice {
  @Option(names = {"-p", "--process-type"}, paramLabel = "TYPE", description = "Every dyno of this process type (web).")
  private String processType;

  @Option(names = {"-d", "--dyno-name"}, paramLabel = "DYNO", description = "This one dyno (web.1).")
  private String dynoName;

  @Parameters(paramLabel = "TYPE|DYNO", arity = "0..1", description = "A process type (web) or a dyno (web.1); "
      + "the same as -p or -d.")
  private String which;

  /** A process type or one dyno's name. */
  record Target(String name, boolean oneDyno) {
    /** "all web dynos" or "dyno web.1", as Heroku's progress lines say. */
    String shown() {
      return oneDyno ? "dyno " + name : "all " + name + " dynos";
    }
  }

  /**
   * What was chosen, or empty when nothing was (every dyno).
   *
   * @throws IllegalArgumentException when more than one way is used, or a way gets the wrong kind of name
   */
  Optional<Target> target() {
    int given = (processType != null ? 1 : 0) + (dynoName != null ? 1 : 0) + (which != null ? 1 : 0);
    if (given > 1) {
      throw new IllegalArgumentException("give one of --process-type TYPE, --dyno-name DYNO or TYPE|DYNO, not several");
    }
    if (processType != null) {
      if (processType.isBlank() || processType.contains(".")) {
        throw new IllegalArgumentException("--process-type takes a process type such as web, not '" + processType
            + "'; for one dyno use --dyno-name web.1");
      }
      return Optional.of(new Target(processType, false));
    }
    if (dynoName != null) {
      if (!dynoName.contains(".")) {
        throw new IllegalArgumentException("--dyno-name takes a dyno such as web.1, not '" + dynoName
            + "'; for every dyno of a type use --process-type " + (dynoName.isBlank() ? "web" : dynoName));
      }
      return Optional.of(new Target(dynoName, true));
    }
    if (which != null && which.isBlank()) {
      throw new IllegalArgumentException("name a process type (web) or a dyno (web.1)");
    }
    return Optional.ofNullable(which).map(w -> new Target(w, w.contains(".")));
  }
}
