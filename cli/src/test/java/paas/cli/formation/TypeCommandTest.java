package paas.cli.formation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import paas.cli.CommandTest;
import paas.cli.FakeApi;
import paas.cli.Harness;

class TypeCommandTest extends CommandTest {
  private static final String FORMATION = """
      [{"type":"worker","quantity":2,"size":"standard-2x","command":"node worker.js"},
       {"type":"web","quantity":1,"size":"standard-1x","command":"npm start"},
       {"type":"clock","quantity":1,"size":"standard-2x","command":"node clock.js"}]""";

  private final AtomicReference<String> formation = new AtomicReference<>(FORMATION);

  @BeforeEach
  void formationAnswersWhatWasLastSet() {
    api.on("GET", "/apps/my-app/formation", request -> FakeApi.Reply.json(200, formation.get()));
  }

  @Test
  void showsEachTypesSizeAndTheTotalsPerSizeAsHerokusTables() {
    Harness.Result result = paas.run("ps:type", "-a", "my-app");
    assertThat(result.exit()).isZero();
    assertThat(result.out()).isEqualTo("""
        === Process Types
        Type    Size         Qty
        clock   Standard-2X  1
        web     Standard-1X  1
        worker  Standard-2X  2

        === Dyno Totals
        Type         Total
        Standard-2X  3
        Standard-1X  1
        """);
    assertThat(requests()).containsExactly("GET /apps/my-app/formation");
  }

  @Test
  void oneSizeSetsEveryTypeThenShowsTheNewSizes() {
    api.on("PATCH", "/apps/my-app/formation", request -> {
      formation.set(FORMATION.replace("standard-1x", "performance-m").replace("standard-2x", "performance-m"));
      return FakeApi.Reply.json(200, formation.get());
    });
    Harness.Result result = paas.run("ps:resize", "Performance-M", "-a", "my-app");
    assertThat(result.exit()).as(result.err()).isZero();
    assertThat(api.only("PATCH", "/apps/my-app/formation").body()).isEqualTo("{\"updates\":["
        + "{\"type\":\"worker\",\"size\":\"Performance-M\"},{\"type\":\"web\",\"size\":\"Performance-M\"},"
        + "{\"type\":\"clock\",\"size\":\"Performance-M\"}]}");
    assertThat(result.err()).isEqualTo("Scaling dynos on my-app... done\n");
    assertThat(result.out()).contains("web     Performance-M  1").endsWith("Performance-M  4\n");
  }

  @Test
  void typeEqualsSizeSetsThoseTypesOnly() {
    api.on("PATCH", "/apps/my-app/formation", 200, FORMATION);
    Harness.Result result = paas.run("ps:type", "web=standard-2x", "worker=Basic", "-a", "my-app");
    assertThat(result.exit()).as(result.err()).isZero();
    assertThat(api.only("PATCH", "/apps/my-app/formation").body()).isEqualTo(
        "{\"updates\":[{\"type\":\"web\",\"size\":\"standard-2x\"},{\"type\":\"worker\",\"size\":\"Basic\"}]}");
  }

  @Test
  void aTypeNotInTheFormationIsRefusedWithTheTypesThereAndNothingChanges() {
    Harness.Result result = paas.run("ps:type", "web=standard-2x", "mailer=standard-2x", "-a", "my-app");
    assertThat(result.exit()).isEqualTo(1);
    assertThat(result.err()).contains("Type mailer not found in process formation.").contains("Types: worker, web, clock");
    assertThat(requests()).containsExactly("GET /apps/my-app/formation");
  }

  @Test
  void mixedFormsAndSeveralBareSizesAreUsageErrors() {
    assertThat(paas.run("ps:type", "web=standard-2x", "basic", "-a", "my-app").exit()).isEqualTo(2);
    assertThat(paas.run("ps:type", "basic", "standard-2x", "-a", "my-app").exit()).isEqualTo(2);
    assertThat(api.requests()).extracting(FakeApi.Request::method).containsOnly("GET");
  }

  @Test
  void anAppWithoutProcessTypesSaysHowToGetSome() {
    formation.set("[]");
    Harness.Result result = paas.run("ps:type", "-a", "my-app");
    assertThat(result.exit()).isEqualTo(1);
    assertThat(result.err()).contains("No process types on my-app.").contains("Deploy a Procfile");
  }
}
