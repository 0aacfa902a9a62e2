package paas.api.architecture;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import paas.api.architecture.cycle.a.Ping;
import paas.api.architecture.cycle.b.Pong;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * No package cycles in the main code of paasd and the modules it is built from: a new cycle
 * fails CI here, with its path. (The CLI is checked in its own module.)
 */
class PackageCyclesTest {
    @ParameterizedTest
    @ValueSource(strings = {"paas.logs", "paas.router", "paas.vocabulary", "paas.process", "paas.builder", "paas.api"})
    void aModulesPackagesHaveNoCycles(String module) {
        PackageCycles.check(new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(module));
    }

    @Test
    void aCycleIsFoundAndNamed() {
        assertThatThrownBy(() -> PackageCycles.check(new ClassFileImporter().importClasses(Ping.class, Pong.class)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Cycle detected")
                .hasMessageContaining("paas.api.architecture.cycle.a")
                .hasMessageContaining("paas.api.architecture.cycle.b");
    }
}
