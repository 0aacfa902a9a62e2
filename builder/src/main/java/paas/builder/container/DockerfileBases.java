package paas.builder.container;

import paas.builder.BuildFailedException;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The images a Dockerfile builds on: each stage's {@code FROM} and each {@code COPY --from=} that
 * names an image rather than an earlier stage, with the {@code ARG}s declared before the first
 * {@code FROM} substituted (build arguments over their defaults). {@code scratch} needs no image.
 * The engine here cannot pull, so the builder checks every one of them is present before it
 * starts. Only what names images is read; the engine parses the rest.
 */
public final class DockerfileBases {
    private static final Pattern VARIABLE = Pattern.compile("\\$(?:\\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?}|([A-Za-z_][A-Za-z0-9_]*))");
    private static final Pattern COPY_FROM = Pattern.compile("--from=(\\S+)", Pattern.CASE_INSENSITIVE);

    private DockerfileBases() {
    }

    /**
     * @param images  image references in order of first use, without duplicates
     * @param runBase the image the last stage (the one that is run) starts from; empty for scratch
     */
    public record Bases(List<String> images, Optional<String> runBase) {
        public Bases {
            images = List.copyOf(images);
        }
    }

    /**
     * @param dockerfile the Dockerfile's text
     * @param buildArgs  the build's {@code --build-arg}s
     * @throws BuildFailedException when there is no FROM, or a FROM names a variable with no value
     */
    public static Bases of(String dockerfile, Map<String, String> buildArgs) throws BuildFailedException {
        Map<String, String> args = new HashMap<>();
        // stage name -> the image it starts from ("" for scratch)
        Map<String, String> stages = new HashMap<>();
        Set<String> images = new LinkedHashSet<>();
        String runBase = null;
        boolean seenFrom = false;
        for (String line : instructions(dockerfile)) {
            String[] words = line.strip().split("\\s+");
            String keyword = words[0].toUpperCase(Locale.ROOT);
            if (keyword.equals("ARG") && !seenFrom) {
                for (int i = 1; i < words.length; i++) {
                    String[] kv = words[i].split("=", 2);
                    args.put(kv[0], buildArgs.getOrDefault(kv[0], kv.length == 2 ? unquote(kv[1]) : null));
                }
            } else if (keyword.equals("FROM")) {
                seenFrom = true;
                int i = 1;
                while (i < words.length && words[i].startsWith("--")) {
                    i++;
                }
                if (i >= words.length) {
                    throw new BuildFailedException("Dockerfile: FROM without an image: " + printable(line));
                }
                String image = substitute(words[i], args, line);
                String stage = image.toLowerCase(Locale.ROOT);
                if (stages.containsKey(stage)) {
                    runBase = stages.get(stage);
                } else if (stage.equals("scratch")) {
                    runBase = "";
                } else {
                    images.add(image);
                    runBase = image;
                }
                if (i + 2 < words.length && words[i + 1].equalsIgnoreCase("AS")) {
                    stages.put(words[i + 2].toLowerCase(Locale.ROOT), runBase);
                }
            } else if (keyword.equals("COPY")) {
                Matcher m = COPY_FROM.matcher(line);
                if (m.find()) {
                    String from = substitute(m.group(1), args, line);
                    boolean stageIndex = from.chars().allMatch(Character::isDigit);
                    if (!stageIndex && !stages.containsKey(from.toLowerCase(Locale.ROOT))) {
                        images.add(from);
                    }
                }
            }
        }
        if (!seenFrom) {
            throw new BuildFailedException("Dockerfile has no FROM line: start it with FROM and an image on this"
                    + " platform's engine, such as paas/stack-run:latest");
        }
        return new Bases(new ArrayList<>(images), runBase.isEmpty() ? Optional.empty() : Optional.of(runBase));
    }

    /** Instructions with line continuations joined; comments, parser directives and blank lines dropped. */
    static List<String> instructions(String text) {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String raw : text.split("\n", -1)) {
            String line = raw.endsWith("\r") ? raw.substring(0, raw.length() - 1) : raw;
            String trimmed = line.strip();
            if (trimmed.startsWith("#")) {
                continue;
            }
            if (trimmed.endsWith("\\")) {
                current.append(trimmed, 0, trimmed.length() - 1).append(' ');
                continue;
            }
            current.append(trimmed);
            if (!current.toString().isBlank()) {
                out.add(current.toString().strip());
            }
            current.setLength(0);
        }
        if (!current.toString().isBlank()) {
            out.add(current.toString().strip());
        }
        return out;
    }

    private static String substitute(String word, Map<String, String> args, String line) throws BuildFailedException {
        Matcher m = VARIABLE.matcher(word);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1) != null ? m.group(1) : m.group(3);
            String value = args.get(name);
            if (value == null || value.isEmpty()) {
                value = m.group(2);
            }
            if (value == null) {
                throw new BuildFailedException("Dockerfile: " + printable(line) + " uses $" + name + ", which has no value:"
                        + " give it a default with ARG " + name + "=... before the first FROM");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String unquote(String s) {
        if (s.length() >= 2 && (s.startsWith("\"") && s.endsWith("\"") || s.startsWith("'") && s.endsWith("'"))) {
            return s.substring(1, s.length() - 1);
        }
        return s;
    }

    private static String printable(String s) {
        String shown = s.length() > 120 ? s.substring(0, 120) + "..." : s;
        return "'" + shown.replaceAll("\\p{Cntrl}", "?") + "'";
    }
}
