package paas.api.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docs/operations.md names every PAAS_ variable that the code and scripts read, and only those:
 * an operator finds each setting there, and a setting that went away leaves no stale line.
 */
class OperationsDocTest {
    private static final Pattern VARIABLE = Pattern.compile("\\bPAAS_[A-Z0-9_]*[A-Z0-9]\\b");

    /** deploy/install.sh and deploy/uninstall.sh have their own options, documented in docs/install.md. */
    private static final Set<String> OWN_DOCS = Set.of("install.sh", "uninstall.sh");

    private static Set<String> inCode() {
        Set<String> names = new TreeSet<>();
        RepositoryText.mainSources().forEach(dir -> names.addAll(RepositoryText.matches(VARIABLE, dir, f -> true)));
        names.addAll(RepositoryText.matches(VARIABLE, RepositoryText.ROOT.resolve("bin"), f -> true));
        names.addAll(RepositoryText.matches(VARIABLE, RepositoryText.ROOT.resolve("deploy"),
                f -> !OWN_DOCS.contains(f.getFileName().toString())));
        return names;
    }

    private static Set<String> inOperationsDoc() {
        return RepositoryText.matches(VARIABLE, RepositoryText.text(RepositoryText.ROOT.resolve(Path.of("docs", "operations.md"))));
    }

    @Test
    void theScanFindsTheVariablesItMustFind() {
        // A scan that found nothing would pass the tests below without checking anything.
        assertThat(inCode()).contains("PAAS_DATA_DIR", "PAAS_ROUTER_TOKEN", "PAAS_DOCKERD_WAIT", "PAAS_CDS_ARCHIVE",
                "PAAS_API_TOKEN");
    }

    @Test
    void everyVariableTheCodeReadsIsInOperationsMd() {
        Set<String> missing = new TreeSet<>(inCode());
        missing.removeAll(inOperationsDoc());
        assertThat(missing).as("variables read by the code or scripts but not named in docs/operations.md;"
                + " add each to its table there (or to 'Names that are not settings')").isEmpty();
    }

    @Test
    void everyVariableOperationsMdNamesIsRead() {
        Set<String> stale = new TreeSet<>(inOperationsDoc());
        stale.removeAll(inCode());
        assertThat(stale).as("variables docs/operations.md names but nothing reads any more; remove them there").isEmpty();
    }
}
