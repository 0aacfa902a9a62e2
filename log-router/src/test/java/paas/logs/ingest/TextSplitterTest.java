package paas.logs.ingest;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TextSplitterTest {

    @Test
    void shortSingleLineIsReturnedAsItIs() {
        String text = "hello";
        List<String> out = TextSplitter.split(text, 10_000);
        assertThat(out).containsExactly("hello");
        assertThat(out.get(0)).isSameAs(text);
    }

    @Test
    void newlinesOfEveryKindSplitAndOneTrailingTerminatorIsDropped() {
        assertThat(TextSplitter.split("a\nb\r\nc\rd\n", 100)).containsExactly("a", "b", "c", "d");
        assertThat(TextSplitter.split("a\n\nb", 100)).containsExactly("a", "", "b");
        assertThat(TextSplitter.split("\n", 100)).containsExactly("");
        assertThat(TextSplitter.split("", 100)).containsExactly("");
    }

    @Test
    void splitsAtTheByteLimitBetweenCharacters() {
        String text = "a".repeat(9_999) + "😀" + "€".repeat(4000);
        List<String> out = TextSplitter.split(text, 10_000);
        assertThat(String.join("", out)).isEqualTo(text);
        assertThat(out.get(0)).isEqualTo("a".repeat(9_999)); // the 4-byte emoji does not fit in the 1 left
        for (String piece : out) {
            byte[] bytes = piece.getBytes(StandardCharsets.UTF_8);
            assertThat(bytes.length).isLessThanOrEqualTo(10_000);
            assertThat(new String(bytes, StandardCharsets.UTF_8)).isEqualTo(piece); // no broken surrogate
        }
        assertThat(out.get(1).getBytes(StandardCharsets.UTF_8).length).isGreaterThan(9_996);
    }

    @Test
    void limitBelowOneCharacterIsRefused() {
        assertThatThrownBy(() -> TextSplitter.split("x", 3)).hasMessageContaining("at least 4");
    }
}
