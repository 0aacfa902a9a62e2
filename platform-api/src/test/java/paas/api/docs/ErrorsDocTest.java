package paas.api.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docs/errors.md has a row for every H, R and L code that the router, the process manager and the
 * log router write, and no row for a code none of them writes.
 */
class ErrorsDocTest {
    private static final Pattern CODE = Pattern.compile("\\b([HRL][0-9]{2})\\b");
    /** A row of one of errors.md's tables: "| H10 | App crashed | ...". */
    private static final Pattern ROW = Pattern.compile("(?m)^\\| ([HRL][0-9]{2}) \\|");
    private static final Set<String> EMITTERS = Set.of("router", "process-manager", "log-router");

    private static Set<String> inCode() {
        Set<String> codes = new TreeSet<>();
        for (String module : EMITTERS) {
            codes.addAll(RepositoryText.matches(CODE, RepositoryText.ROOT.resolve(Path.of(module, "src", "main")),
                    f -> f.toString().endsWith(".java")));
        }
        return codes;
    }

    private static Set<String> documented() {
        return RepositoryText.matches(ROW, RepositoryText.text(RepositoryText.ROOT.resolve(Path.of("docs", "errors.md"))));
    }

    @Test
    void theScanFindsTheCodesItMustFind() {
        assertThat(inCode()).contains("H10", "H12", "H80", "R10", "R12", "L10", "L11");
    }

    @Test
    void everyCodeTheCodeWritesHasARow() {
        Set<String> missing = new TreeSet<>(inCode());
        missing.removeAll(documented());
        assertThat(missing).as("codes written by the platform without a row in docs/errors.md").isEmpty();
    }

    @Test
    void everyRowIsACodeTheCodeWrites() {
        Set<String> stale = new TreeSet<>(documented());
        stale.removeAll(inCode());
        assertThat(stale).as("rows of docs/errors.md for codes nothing writes any more").isEmpty();
    }
}
