package paas.api.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.MalformedInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** The repository's checked-in text, for tests that hold the docs to what the code says. */
final class RepositoryText {
    /** Tests run in platform-api/; the repository is its parent. */
    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    private RepositoryText() {
    }

    /** Every match of {@code pattern} (its first group, or the whole match) in the files under {@code dir} that {@code include} keeps. */
    static Set<String> matches(Pattern pattern, Path dir, Predicate<Path> include) {
        Set<String> found = new TreeSet<>();
        if (!Files.isDirectory(dir)) {
            return found;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.filter(Files::isRegularFile)
                    .filter(f -> !ROOT.relativize(f).toString().contains("/target/"))
                    .filter(include)
                    .forEach(f -> found.addAll(matches(pattern, text(f))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return found;
    }

    static Set<String> matches(Pattern pattern, String text) {
        Set<String> found = new TreeSet<>();
        Matcher m = pattern.matcher(text);
        while (m.find()) {
            found.add(m.groupCount() > 0 ? m.group(1) : m.group());
        }
        return found;
    }

    /** A file's text; empty for a binary file, which names no variable. */
    static String text(Path file) {
        try {
            return Files.readString(file);
        } catch (MalformedInputException e) {
            return "";
        } catch (CharacterCodingException e) {
            return "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The main sources of every module (src/main of each directory of the root). */
    static Stream<Path> mainSources() {
        try (Stream<Path> dirs = Files.list(ROOT)) {
            return dirs.map(d -> d.resolve("src/main")).filter(Files::isDirectory).toList().stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
