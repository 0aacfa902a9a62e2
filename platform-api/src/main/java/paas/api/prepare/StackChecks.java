package paas.api.prepare;

import java.util.List;
import java.util.Optional;

/** What the preparation looks at before and after its scripts: the engine and the stack images. */
public interface StackChecks {
    /** Empty when the engine answers, else why not (one line). Never throws. */
    Optional<String> engineFailure();

    /** The stack images the platform runs on that the engine does not have; the engine must answer. */
    List<String> missingImages();
}
