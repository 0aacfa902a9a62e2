package paas.logs.ingest;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a text into lines that each fit in a number of UTF-8 bytes: at {@code \n}, {@code \r\n}
 * and {@code \r}, then into pieces at character boundaries (a surrogate pair is never split).
 * A single trailing line terminator ends the last line rather than starting an empty one.
 */
public final class TextSplitter {
    private TextSplitter() {
    }

    /** The lines of {@code text}, each at most {@code maxBytes} in UTF-8; at least one (maybe empty). */
    public static List<String> split(String text, int maxBytes) {
        if (maxBytes < 4) {
            throw new IllegalArgumentException("maxBytes must be at least 4, got " + maxBytes);
        }
        if (fits(text, maxBytes)) {
            return List.of(text);
        }
        List<String> out = new ArrayList<>();
        int start = 0;
        int n = text.length();
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (c == '\n' || c == '\r') {
                chunk(text, start, i, maxBytes, out);
                if (c == '\r' && i + 1 < n && text.charAt(i + 1) == '\n') {
                    i++;
                }
                start = i + 1;
            }
        }
        if (start < n || out.isEmpty()) {
            chunk(text, start, n, maxBytes, out);
        }
        return out;
    }

    /** True when the text has no line terminator and fits as it is (the common case, kept cheap). */
    private static boolean fits(String text, int maxBytes) {
        int bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n' || c == '\r') {
                return false;
            }
            bytes += c < 0x80 ? 1 : c < 0x800 ? 2 : 3; // a surrogate pair counts 3+3 >= its real 4
            if (bytes > maxBytes) {
                return false;
            }
        }
        return true;
    }

    private static void chunk(String text, int from, int to, int maxBytes, List<String> out) {
        int start = from;
        int bytes = 0;
        int i = from;
        while (i < to) {
            char c = text.charAt(i);
            int width;
            int chars;
            if (Character.isHighSurrogate(c) && i + 1 < to && Character.isLowSurrogate(text.charAt(i + 1))) {
                width = 4;
                chars = 2;
            } else {
                width = c < 0x80 ? 1 : c < 0x800 ? 2 : 3;
                chars = 1;
            }
            if (bytes + width > maxBytes) {
                out.add(text.substring(start, i));
                start = i;
                bytes = 0;
            }
            bytes += width;
            i += chars;
        }
        out.add(text.substring(start, to));
    }
}
