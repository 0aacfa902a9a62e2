package paas.api.orphans;

import java.io.IOException;
import java.util.List;

/** The slug files this platform keeps (the slug store's directory), as the orphan sweep and a destroy see them. */
public interface SlugFiles {
    /** Every stored slug's sha256. */
    List<String> ids() throws IOException;

    boolean present(String sha256);

    /** Deletes one; false when it was already gone. */
    boolean delete(String sha256) throws IOException;
}
