package paas.builder.buildpack;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * {@code .slugignore}: gitignore-like patterns of files removed before compile. One pattern per
 * line; blank lines and {@code #} comments skipped; {@code !} negation is not supported (such lines
 * are reported by {@link #unsupported()} and otherwise ignored, as on Heroku). Rules:
 * <ul>
 *   <li>a trailing {@code /} matches directories only (and so everything under them);</li>
 *   <li>a pattern with a {@code /} elsewhere is anchored at the app root (a leading {@code /} is
 *       dropped); one without matches a name at any depth;</li>
 *   <li>{@code *} and {@code ?} never match {@code /}; {@code [abc]} is a character class;
 *       {@code **} matches across directories ({@code a/**}, {@code **}{@code /b}, {@code a/**}{@code /b}).</li>
 * </ul>
 * A matched directory removes everything below it. Immutable and thread-safe.
 */
public final class SlugIgnore {
    private record Rule(Pattern pattern, boolean directoryOnly) {
    }

    private final List<Rule> rules;
    private final List<String> unsupported;

    private SlugIgnore(List<Rule> rules, List<String> unsupported) {
        this.rules = List.copyOf(rules);
        this.unsupported = List.copyOf(unsupported);
    }

    public static SlugIgnore none() {
        return new SlugIgnore(List.of(), List.of());
    }

    public static SlugIgnore parse(String text) {
        List<Rule> rules = new ArrayList<>();
        List<String> unsupported = new ArrayList<>();
        for (String raw : text.split("\n")) {
            String line = raw.endsWith("\r") ? raw.substring(0, raw.length() - 1) : raw;
            line = stripTrailingSpaces(line);
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (line.startsWith("!")) {
                unsupported.add(line);
                continue;
            }
            if (line.startsWith("\\#") || line.startsWith("\\!")) {
                line = line.substring(1);
            }
            boolean dirOnly = line.endsWith("/");
            if (dirOnly) {
                line = line.substring(0, line.length() - 1);
            }
            boolean anchored = line.contains("/");
            if (line.startsWith("/")) {
                line = line.substring(1);
            }
            if (line.isEmpty()) {
                continue;
            }
            String regex = (anchored ? "" : "(?:.*/)?") + globToRegex(line);
            try {
                rules.add(new Rule(Pattern.compile(regex), dirOnly));
            } catch (java.util.regex.PatternSyntaxException e) {
                unsupported.add(raw);
            }
        }
        return new SlugIgnore(rules, unsupported);
    }

    /** Lines that were skipped: {@code !} negation (not supported) or a malformed character class. */
    public List<String> unsupported() {
        return unsupported;
    }

    public boolean isEmpty() {
        return rules.isEmpty();
    }

    /**
     * Whether the entry at {@code path} (relative, '/'-separated) is removed: itself or one of
     * its parent directories matches.
     */
    public boolean ignores(String path, boolean directory) {
        if (rules.isEmpty() || path.isEmpty()) {
            return false;
        }
        int slash = -1;
        while ((slash = path.indexOf('/', slash + 1)) >= 0) {
            if (matches(path.substring(0, slash), true)) {
                return true;
            }
        }
        return matches(path, directory);
    }

    private boolean matches(String path, boolean directory) {
        for (Rule rule : rules) {
            if ((directory || !rule.directoryOnly()) && rule.pattern().matcher(path).matches()) {
                return true;
            }
        }
        return false;
    }

    private static String stripTrailingSpaces(String line) {
        int end = line.length();
        while (end > 0 && line.charAt(end - 1) == ' ' && !(end > 1 && line.charAt(end - 2) == '\\')) {
            end--;
        }
        return line.substring(0, end);
    }

    static String globToRegex(String glob) {
        StringBuilder re = new StringBuilder();
        int i = 0;
        int n = glob.length();
        while (i < n) {
            char c = glob.charAt(i);
            if (c == '*') {
                boolean doubleStar = i + 1 < n && glob.charAt(i + 1) == '*';
                boolean atSegmentStart = i == 0 || glob.charAt(i - 1) == '/';
                if (doubleStar && atSegmentStart && (i + 2 == n || glob.charAt(i + 2) == '/')) {
                    if (i + 2 == n) {
                        re.append(".*");                  // "a/**": everything inside
                        i += 2;
                    } else {
                        re.append("(?:.*/)?");            // "**/b" or "a/**/b": zero or more dirs
                        i += 3;
                    }
                    continue;
                }
                re.append("[^/]*");
                i += doubleStar ? 2 : 1;
            } else if (c == '?') {
                re.append("[^/]");
                i++;
            } else if (c == '[') {
                int close = glob.indexOf(']', i + 2);
                if (close < 0) {
                    re.append("\\[");
                    i++;
                } else {
                    String body = glob.substring(i + 1, close);
                    if (body.startsWith("!")) {
                        body = "^" + body.substring(1);
                    }
                    re.append('[').append(body.replace("\\", "\\\\").replace("[", "\\[").replace("&", "\\&")).append(']');
                    i = close + 1;
                }
            } else if (c == '\\' && i + 1 < n) {
                re.append(Pattern.quote(String.valueOf(glob.charAt(i + 1))));
                i += 2;
            } else {
                re.append(Pattern.quote(String.valueOf(c)));
                i++;
            }
        }
        return re.toString();
    }
}
