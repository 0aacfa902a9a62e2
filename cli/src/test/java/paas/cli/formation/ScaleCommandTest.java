package paas.cli.formation;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import paas.cli.CommandTest;
import paas.cli.FakeApi;
import paas.cli.Harness;

class ScaleCommandTest extends CommandTest {
  private static final String FORMATION = """
      [{"type":"web","quantity":2,"size":"standard-1x","command":"bin/web"},
       {"type":"worker","quantity":1,"size":"standard-2x","command":"bin/worker"}]""";

  @Test
  void scaleWithoutArgumentsPrintsTheFormationInTypableForm() {
    api.on("GET", "/apps/my-app/formation", 200, FORMATION);
    Harness.Result result = paas.run("scale", "-a", "my-app");
    assertThat(result.exit()).isZero();
    assertThat(result.out()).isEqualTo("web=2:Standard-1X worker=1:Standard-2X\n");
  }

  @Test
  void theFormationAsPrintedScalesWhenTypedBack() {
    api.on("GET", "/apps/my-app/formation", 200, FORMATION);
    api.on("PATCH", "/apps/my-app/formation", 200, FORMATION);
    String printed = paas.run("scale", "-a", "my-app").out().strip();
    java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("scale"));
    args.addAll(java.util.List.of(printed.split(" ")));
    args.addAll(java.util.List.of("-a", "my-app"));
    Harness.Result result = paas.run(args.toArray(String[]::new));
    assertThat(result.exit()).as(result.err()).isZero();
    assertThat(api.only("PATCH", "/apps/my-app/formation").body()).isEqualTo("{\"updates\":["
        + "{\"type\":\"web\",\"quantity\":2,\"size\":\"Standard-1X\"},"
        + "{\"type\":\"worker\",\"quantity\":1,\"size\":\"Standard-2X\"}]}");
    assertThat(result.err()).isEqualTo("Scaling dynos... done, now running web at 2:Standard-1X, worker at 1:Standard-2X\n");
  }

  @Test
  void scaleWithJsonPrintsTheFormationAsJson() {
    api.on("GET", "/apps/my-app/formation", 200, FORMATION);
    Harness.Result result = paas.run("scale", "--json", "-a", "my-app");
    assertThat(result.exit()).isZero();
    assertThat(result.out()).contains("\"type\": \"worker\"").contains("\"quantity\": 1");
  }

  @Test
  void scaleWithJsonAndChangesIsAUsageError() {
    Harness.Result result = paas.run("scale", "--json", "web=1", "-a", "my-app");
    assertThat(result.exit()).isEqualTo(2);
    assertThat(api.requests()).isEmpty();
  }

  @Test
  void scaleWithAbsoluteQuantitiesSendsOneBatchWithoutReadingFirst() {
    api.on("PATCH", "/apps/my-app/formation", 200, """
        [{"type":"web","quantity":3,"size":"standard-1x"},{"type":"worker","quantity":1,"size":"standard-2x"}]""");
    Harness.Result result = paas.run("scale", "web=3", "worker=1:standard-2x", "-a", "my-app");
    assertThat(result.exit()).isZero();
    assertThat(api.requests()).extracting(FakeApi.Request::method).containsExactly("PATCH");
    assertThat(api.only("PATCH", "/apps/my-app/formation").body()).isEqualTo(
        "{\"updates\":[{\"type\":\"web\",\"quantity\":3},{\"type\":\"worker\",\"quantity\":1,\"size\":\"standard-2x\"}]}");
    assertThat(result.err()).isEqualTo("Scaling dynos... done, now running web at 3:Standard-1X, worker at 1:Standard-2X\n");
    assertThat(result.out()).isEmpty();
  }

  @Test
  void scaleWithRelativeQuantityReadsFormationFirst() {
    api.on("GET", "/apps/my-app/formation", 200, FORMATION);
    api.on("PATCH", "/apps/my-app/formation", 200, """
        [{"type":"web","quantity":3,"size":"standard-1x"},{"type":"worker","quantity":0,"size":"standard-2x"},
         {"type":"clock","quantity":2,"size":"standard-1x"}]""");
    Harness.Result result = paas.run("scale", "web+1", "worker-1", "clock+2", "-a", "my-app");
    assertThat(result.exit()).isZero();
    assertThat(api.requests()).extracting(FakeApi.Request::method).containsExactly("GET", "PATCH");
    assertThat(api.only("PATCH", "/apps/my-app/formation").body()).isEqualTo("{\"updates\":["
        + "{\"type\":\"web\",\"quantity\":3},{\"type\":\"worker\",\"quantity\":0},{\"type\":\"clock\",\"quantity\":2}]}");
    assertThat(result.err()).isEqualTo(
        "Scaling dynos... done, now running web at 3:Standard-1X, worker at 0:Standard-2X, clock at 2:Standard-1X\n");
  }

  @Test
  void scaleBelowZeroIsRefusedWithoutChangingAnything() {
    api.on("GET", "/apps/my-app/formation", 200, FORMATION);
    Harness.Result result = paas.run("scale", "worker-2", "-a", "my-app");
    assertThat(result.exit()).isEqualTo(1);
    assertThat(result.err()).contains("cannot scale worker by -2: it runs 1 now");
    assertThat(api.requests()).extracting(FakeApi.Request::method).containsExactly("GET");
  }

  @Test
  void malformedScaleArgumentIsAUsageErrorNamingTheFormsBeforeAnyRequest() {
    Harness.Result result = paas.run("scale", "web=3", "worker", "-a", "my-app");
    assertThat(result.exit()).isEqualTo(2);
    assertThat(result.err()).contains("'worker' is not a scale argument: use TYPE=QUANTITY[:SIZE], TYPE+N or TYPE-N");
    assertThat(api.requests()).isEmpty();
  }

  @Test
  void psScaleIsTheSameCommand() {
    api.on("GET", "/apps/my-app/formation", 200, FORMATION);
    assertThat(paas.run("ps:scale", "-a", "my-app").out()).isEqualTo("web=2:Standard-1X worker=1:Standard-2X\n");
  }

  @Test
  void apiRefusalOfTheBatchIsReported() {
    api.on("PATCH", "/apps/my-app/formation", 422,
        "{\"id\":\"invalid_params\",\"message\":\"process type 'wrker' is not in the current release (types: web, worker)\"}");
    Harness.Result result = paas.run("scale", "wrker=1", "-a", "my-app");
    assertThat(result.exit()).isEqualTo(1);
    assertThat(result.err()).isEqualTo("Scaling dynos... !\n !    process type 'wrker' is not in the current release (types: web, worker)\n");
  }
}
