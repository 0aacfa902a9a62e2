package paas.api.orphans;

import java.io.IOException;
import java.util.List;

/** The slug files this platform keeps, as the orphan sweep sees them (the slug store's directory). */
public interface SlugFiles {
    /** Every stored slug's sha256. */
    List<String> ids() throws IOException;

    /** Deletes one; false when it was already gone. */
    boolean delete(String sha256) throws IOException;
}
