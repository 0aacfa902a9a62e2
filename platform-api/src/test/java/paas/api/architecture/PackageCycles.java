package paas.api.architecture;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/** The rule: no two packages depend on each other, directly or through others. */
final class PackageCycles {
    private static final SliceAssignment BY_PACKAGE = new SliceAssignment() {
        @Override
        public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
            return SliceIdentifier.of(javaClass.getPackageName());
        }

        @Override
        public String getDescription() {
            return "each package";
        }
    };

    private PackageCycles() {
    }

    /** Throws an AssertionError that lists every cycle among the classes' packages. */
    static void check(JavaClasses classes) {
        slices().assignedFrom(BY_PACKAGE).should().beFreeOfCycles().check(classes);
    }
}
