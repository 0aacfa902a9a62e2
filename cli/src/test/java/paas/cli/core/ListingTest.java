package paas.cli.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class ListingTest {
  private static final JsonNode TWO = parse("[{\"name\":\"alpha\",\"kind\":\"a\"},{\"name\":\"beta-two\",\"kind\":\"b\"}]");
  private static final JsonNode NONE = parse("[]");

  private static JsonNode parse(String json) {
    try {
      return Json.MAPPER.readTree(json);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private static List<String> row(JsonNode item) {
    return List.of(Json.text(item, "name"), Json.text(item, "kind"));
  }

  @Test
  void aTitledTablePrintsTheHeaderThenAlignedRows() {
    Streams streams = new Streams();
    Listing.titled("my-app Things").table(streams.out, Streams.json(), TWO, ListingTest::row);
    assertThat(streams.out()).isEqualTo("=== my-app Things\nalpha     a\nbeta-two  b\n");
    assertThat(streams.err()).isEmpty();
  }

  @Test
  void columnsAddAHeaderRowAndANoteFollowsOnStderr() {
    Streams streams = new Streams();
    Listing.untitled().columns("Name", "Kind").note("remove one with x:remove").table(streams.out, Streams.json(), TWO,
        ListingTest::row);
    assertThat(streams.out()).isEqualTo("Name      Kind\nalpha     a\nbeta-two  b\n");
    assertThat(streams.err()).isEqualTo("remove one with x:remove\n");
  }

  @Test
  void noItemsSayTheMessageOnStderrAndNothingOnStdout() {
    Streams streams = new Streams();
    Listing.titled("my-app Things").whenEmpty("No things").note("never shown").table(streams.out, Streams.json(), NONE,
        ListingTest::row);
    assertThat(streams.out()).isEmpty();
    assertThat(streams.err()).isEqualTo("No things\n");
  }

  @Test
  void noItemsWithoutAMessagePrintTheHeaderAndAnEmptyTable() {
    Streams streams = new Streams();
    Listing.titled("my-app Things").columns("Name", "Kind").table(streams.out, Streams.json(), NONE, ListingTest::row);
    assertThat(streams.out()).isEqualTo("=== my-app Things\nName  Kind\n");
  }

  @Test
  void jsonPrintsTheAnswerAsItCameEvenWhenEmpty() {
    Streams streams = new Streams();
    Listing.titled("my-app Things").whenEmpty("No things").table(streams.out, Streams.json("--json"), NONE,
        ListingTest::row);
    assertThat(streams.out()).isEqualTo("[]\n");
    assertThat(streams.err()).isEmpty();
  }

  @Test
  void showPrintsTheCommandsOwnLayoutAfterTheHeader() {
    Streams streams = new Streams();
    Listing.titled("my-app Things").show(streams.out, Streams.json(), TWO, () -> streams.out.line("1. alpha"));
    assertThat(streams.out()).isEqualTo("=== my-app Things\n1. alpha\n");
  }
}
