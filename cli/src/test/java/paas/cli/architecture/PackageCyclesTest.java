package paas.cli.architecture;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import org.junit.jupiter.api.Test;

/**
 * No package cycles in the CLI: commands depend on {@code command}, {@code core}, {@code api},
 * {@code git} and {@code credentials}, never the other way, and only {@code Cli} and
 * {@code Main} see every command. A new cycle fails CI here, with its path. (platform-api checks
 * the server modules the same way.)
 */
class PackageCyclesTest {
  @Test
  void theCliPackagesHaveNoCycles() {
    SliceAssignment byPackage = new SliceAssignment() {
      @Override
      public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
        return SliceIdentifier.of(javaClass.getPackageName());
      }

      @Override
      public String getDescription() {
        return "each package";
      }
    };
    slices().assignedFrom(byPackage).should().beFreeOfCycles()
        .check(new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("paas.cli"));
  }
}
