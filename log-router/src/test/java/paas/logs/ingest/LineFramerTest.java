package paas.logs.ingest;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class LineFramerTest {
    private final List<String> lines = new ArrayList<>();
    private final LineFramer framer = new LineFramer(10_000, lines::add);

    private void feed(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        framer.feed(b, 0, b.length);
    }

    @Test
    void newlineCrlfAndLoneCrEachEndALine() {
        feed("a\nb\r\nc\rd");
        framer.finish();
        assertThat(lines).containsExactly("a", "b", "c", "d");
    }

    @Test
    void crlfSplitAcrossChunksEndsOneLineOnly() {
        feed("a\r");
        feed("\nb\r");
        feed("\r\n");
        assertThat(lines).containsExactly("a", "b", "");
    }

    @Test
    void emptyLinesAreKept() {
        feed("a\n\n\nb\n");
        assertThat(lines).containsExactly("a", "", "", "b");
    }

    @Test
    void aLastLineWithoutNewlineComesOnFinish() {
        feed("one\ntw");
        feed("o");
        assertThat(lines).containsExactly("one");
        framer.finish();
        assertThat(lines).containsExactly("one", "two");
        framer.finish();
        assertThat(lines).hasSize(2);
    }

    @Test
    void longLineIsSplitEvery10000BytesAsItArrives() {
        byte[] chunk = "x".repeat(1000).getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < 25; i++) {
            framer.feed(chunk, 0, chunk.length);
        }
        // Two full pieces are out before the line ends; the third is still coming.
        assertThat(lines).hasSize(2).allSatisfy(l -> assertThat(l).hasSize(10_000));
        assertThat(framer.pendingBytes()).isEqualTo(5000);
        feed("\n");
        assertThat(lines).hasSize(3);
        assertThat(lines.get(2)).hasSize(5000);
    }

    @Test
    void lineOfExactly10000BytesStaysWhole() {
        feed("y".repeat(10_000) + "\nnext\n");
        assertThat(lines).containsExactly("y".repeat(10_000), "next");
    }

    @Test
    void multibyteCharactersAreNeverCutInHalf() {
        // Every alignment of 2-, 3- and 4-byte characters against the 10,000-byte boundary.
        for (String ch : List.of("é", "€", "😀")) {
            for (int shift = 0; shift < 4; shift++) {
                lines.clear();
                String text = "a".repeat(9_990 + shift) + ch.repeat(30);
                feed(text + "\n");
                assertThat(lines).as("%s shifted %d", ch, shift).hasSize(2);
                assertThat(String.join("", lines)).isEqualTo(text);
                assertThat(lines).allSatisfy(l -> {
                    assertThat(l).doesNotContain("\uFFFD");
                    assertThat(l.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(10_000);
                });
            }
        }
    }

    @Test
    void invalidUtf8BecomesReplacementCharacters() {
        byte[] bad = {'f', (byte) 0xFF, (byte) 0xFE, 'o', (byte) 0xC3, '(', (byte) 0xE2, (byte) 0x82, '\n'};
        framer.feed(bad, 0, bad.length);
        assertThat(lines).containsExactly("f\uFFFD\uFFFDo\uFFFD(\uFFFD");
    }

    @Test
    void binaryGarbageNeverThrowsAndYieldsBoundedLinesWithoutTerminators() {
        Random random = new Random(42);
        byte[] garbage = new byte[2_000_000];
        random.nextBytes(garbage);
        for (int off = 0; off < garbage.length; ) {
            int n = Math.min(garbage.length - off, 1 + random.nextInt(70_000));
            framer.feed(garbage, off, n);
            off += n;
        }
        framer.finish();
        assertThat(lines).isNotEmpty().allSatisfy(l -> {
            assertThat(l).doesNotContain("\n", "\r");
            assertThat(l.length()).isLessThanOrEqualTo(10_000);
        });
        // Nothing lost or invented: one line per terminator (\r\n counting once), plus the unterminated rest.
        long terminators = 0;
        for (int i = 0; i < garbage.length; i++) {
            if (garbage[i] == '\r' || (garbage[i] == '\n' && (i == 0 || garbage[i - 1] != '\r'))) {
                terminators++;
            }
        }
        byte last = garbage[garbage.length - 1];
        assertThat(lines).hasSize((int) terminators + (last == '\n' || last == '\r' ? 0 : 1));
    }

    @Test
    void garbageAtTheCutIsCutAnywhere() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes("a".repeat(9_998).getBytes(StandardCharsets.US_ASCII));
        for (int i = 0; i < 10; i++) {
            out.write(0x80); // continuation bytes without a lead
        }
        out.write('\n');
        byte[] b = out.toByteArray();
        framer.feed(b, 0, b.length);
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).startsWith("a".repeat(9_998)).endsWith("\uFFFD\uFFFD");
    }

    @Test
    void directByteBuffersAreRead() {
        ByteBuffer direct = ByteBuffer.allocateDirect(20_000);
        direct.put("hello\nworld\n".repeat(1000).getBytes(StandardCharsets.US_ASCII)).flip();
        framer.feed(direct);
        assertThat(direct.hasRemaining()).isFalse();
        assertThat(lines).hasSize(2000).startsWith("hello", "world");
    }
}
