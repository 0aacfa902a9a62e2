package paas.process.slug;

import paas.vocabulary.tar.SafeTar;
import paas.vocabulary.tar.UnsafeTarException;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Unpacks a slug (a tar.gz of an app directory) for a dyno, with the platform's one safe tar
 * extractor ({@link SafeTar}): every entry that could write or point outside the root is
 * refused, and nothing is ever written through a symbolic link. What is particular to slugs:
 * the archive must be gzip-compressed, one bound on the bytes it unpacks to (a gzip bomb stops
 * there) and one on its entries, and every file keeps its owner's read and write, so that the
 * runtime can read the tree back (into an image) and delete it later. A refused slug leaves no
 * root behind and raises an {@link UnsafeTarException} naming the entry and the rule.
 *
 * <p>Immutable and thread-safe; {@link #extract} blocks on I/O.
 */
public final class SlugExtractor {
    private final SafeTar tar;

    /**
     * @param maxBytes   the most file bytes one slug may unpack to (a gzip bomb stops here)
     * @param maxEntries the most entries one slug may have
     */
    public SlugExtractor(long maxBytes, long maxEntries) {
        this.tar = new SafeTar(new SafeTar.Limits(maxEntries, maxBytes, maxBytes), SafeTar.Permissions.OWNER_READ_WRITE);
    }

    /** 4 GiB and 500,000 entries: eight times Heroku's 500 MB compressed slug limit. */
    public static SlugExtractor defaults() {
        return new SlugExtractor(4L << 30, 500_000);
    }

    /** Extracts the tar.gz {@code slug} into {@code root}, which must not exist or be empty. */
    public void extract(Path slug, Path root) throws IOException {
        tar.extractGzip(slug, root);
    }
}
