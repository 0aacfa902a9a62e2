package paas.vocabulary.tar;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Lexical checks on tar entry names and link targets, shared by every place that reads or writes
 * a tar (source upload, slug packing, slug extraction). Rejects, never repairs: the only
 * normalisation is dropping "." and empty components ("./a//b" is "a/b").
 */
public final class TarPaths {
    /** Longest entry name accepted, in characters. */
    public static final int MAX_NAME_LENGTH = 4096;

    private TarPaths() {
    }

    /**
     * The entry name as a relative path with '/' separators and no trailing slash; "" for the
     * root itself ("./").
     *
     * @throws UnsafeTarException for absolute names, ".." components, NUL or over-long names
     */
    public static String relative(String name) throws UnsafeTarException {
        if (name == null || name.isEmpty()) {
            throw new UnsafeTarException("refused tar entry with an empty name");
        }
        if (name.length() > MAX_NAME_LENGTH) {
            throw new UnsafeTarException("refused tar entry: name is " + name.length()
                    + " characters, over the limit of " + MAX_NAME_LENGTH);
        }
        if (name.indexOf('\0') >= 0) {
            throw new UnsafeTarException("refused tar entry '" + printable(name) + "': name contains NUL");
        }
        if (name.startsWith("/")) {
            throw new UnsafeTarException("refused tar entry '" + printable(name) + "': absolute path");
        }
        StringBuilder out = new StringBuilder(name.length());
        for (String part : name.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                throw new UnsafeTarException("refused tar entry '" + printable(name) + "': '..' leaves the root");
            }
            if (!out.isEmpty()) {
                out.append('/');
            }
            out.append(part);
        }
        return out.toString();
    }

    /**
     * Whether a symbolic link at {@code entry} (a relative path from {@link #relative}) pointing at
     * {@code target} stays inside the root, resolving ".." lexically from the link's directory.
     * Absolute targets never stay inside.
     */
    public static boolean linkStaysInside(String entry, String target) {
        if (target == null || target.isEmpty() || target.startsWith("/") || target.indexOf('\0') >= 0) {
            return false;
        }
        Deque<String> stack = new ArrayDeque<>();
        String[] entryParts = entry.split("/");
        for (int i = 0; i < entryParts.length - 1; i++) {
            stack.addLast(entryParts[i]);
        }
        for (String part : target.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                if (stack.isEmpty()) {
                    return false;
                }
                stack.removeLast();
            } else {
                stack.addLast(part);
            }
        }
        return true;
    }

    /** The name with control characters escaped, for messages. */
    public static String printable(String name) {
        StringBuilder sb = new StringBuilder();
        int limit = Math.min(name.length(), 200);
        for (int i = 0; i < limit; i++) {
            char c = name.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                sb.append(String.format("\\x%02x", (int) c));
            } else {
                sb.append(c);
            }
        }
        if (name.length() > limit) {
            sb.append("...");
        }
        return sb.toString();
    }
}
