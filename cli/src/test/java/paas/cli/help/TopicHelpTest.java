package paas.cli.help;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import paas.cli.CommandTest;
import paas.cli.Harness;

/** `paas` alone and `paas help TOPIC` group the commands by topic, as Heroku's CLI does. */
class TopicHelpTest extends CommandTest {
  @Test
  void paasAloneListsTheTopicsWithWhatEachIsFor() {
    Harness.Result result = paas.run();
    assertThat(result.exit()).isZero();
    assertThat(result.out()).startsWith("Deploy and run apps on a paas platform").contains("\nUSAGE\n  $ paas COMMAND\n")
        .contains("\nTOPICS\n  apps ").containsPattern("\n  config +An app's config vars")
        .contains("paas help TOPIC").doesNotContain("config:set");
    assertThat(result.out().indexOf("\n  apps ")).isLessThan(result.out().indexOf("\n  config "));
    assertThat(paas.run("help").out()).isEqualTo(result.out());
    assertThat(api.requests()).isEmpty();
  }

  @Test
  void helpTopicListsTheTopicsCommandsWithTheirFirstSentence() {
    Harness.Result result = paas.run("help", "config");
    assertThat(result.exit()).isZero();
    assertThat(result.out()).startsWith("An app's config vars").contains("\nCOMMANDS\n  config ")
        .containsPattern("\n  config:set +Set config vars in one new release and restart the app\\.\n")
        .contains("\n  config:edit ").contains("\n  config:unset ").doesNotContain("apps:create");
    assertThat(paas.run("help", "releases").out()).contains("\n  rollback ").contains("\n  releases:output ");
  }

  @Test
  void helpOfACommandOrASingleCommandTopicShowsItsOptionsAndAnUnknownNameIsAUsageError() {
    assertThat(paas.run("help", "config:set").out()).startsWith("Usage: paas config:set");
    assertThat(paas.run("help", "rollback").out()).startsWith("Usage: paas rollback");
    // run is a topic too since run:detached: its commands are listed, each with its options a command away.
    assertThat(paas.run("help", "run").out()).contains("\n  run ").contains("\n  run:detached ");
    Harness.Result unknown = paas.run("help", "nope");
    assertThat(unknown.exit()).isEqualTo(2);
    assertThat(unknown.err()).contains("'nope' is neither a topic nor a command");
  }
}
