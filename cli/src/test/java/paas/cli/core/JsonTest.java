package paas.cli.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {
  @Test
  void objectWithLeavesOutAFieldThatIsNotGiven() {
    assertThat(Json.compact(Json.objectWith("name", "my-app"))).isEqualTo("{\"name\":\"my-app\"}");
    assertThat(Json.compact(Json.objectWith("name", null))).isEqualTo("{}");
  }

  @Test
  void sortedTextsSortByNameAndShowNullAsEmpty() throws Exception {
    assertThat(Json.sortedTexts(Json.MAPPER.readTree("{\"B\":\"2\",\"A\":null,\"C\":3}")))
        .containsExactly(Map.entry("A", ""), Map.entry("B", "2"), Map.entry("C", "3"));
  }
}
