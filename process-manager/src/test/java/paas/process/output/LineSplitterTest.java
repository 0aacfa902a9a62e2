package paas.process.output;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class LineSplitterTest {
    final List<String> lines = new ArrayList<>();

    void feed(LineSplitter s, String text) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        s.feed(b, 0, b.length);
    }

    @Test
    void linesSplitAcrossChunksAndCrlfAreJoinedAndTrimmed() {
        LineSplitter s = new LineSplitter(lines::add);
        feed(s, "hel");
        feed(s, "lo\r\nwor");
        feed(s, "ld\n\npartial");
        assertThat(lines).containsExactly("hello", "world", "");
        s.finish();
        assertThat(lines).containsExactly("hello", "world", "", "partial");
    }

    @Test
    void overlongLineIsCutIntoPieces() {
        LineSplitter s = new LineSplitter(lines::add, 4);
        feed(s, "abcdefghij\n");
        assertThat(lines).containsExactly("abcd", "efgh", "ij");
    }
}
