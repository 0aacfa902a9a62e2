package paas.api.orphans;

import paas.builder.slug.DirectorySlugStore;

import java.io.IOException;
import java.util.List;

/** The slug files this platform keeps (the slug store's directory), as the orphan sweep and a destroy see them. */
public interface SlugFiles {
    /** Every stored slug's sha256. */
    List<String> ids() throws IOException;

    boolean present(String sha256);

    /** Deletes one; false when it was already gone. */
    boolean delete(String sha256) throws IOException;

    /** The files of the slug store in the data dir. */
    static SlugFiles in(DirectorySlugStore store) {
        return new SlugFiles() {
            @Override
            public List<String> ids() throws IOException {
                return store.ids();
            }

            @Override
            public boolean present(String sha256) {
                return store.path(sha256).isPresent();
            }

            @Override
            public boolean delete(String sha256) throws IOException {
                return store.delete(sha256);
            }
        };
    }
}
