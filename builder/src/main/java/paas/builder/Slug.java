package paas.builder;

/** An immutable slug: a tar.gz of /app, named by the sha256 of its bytes. */
public record Slug(String sha256, long sizeBytes) implements Artifact {
    public Slug {
        if (sha256 == null || !sha256.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("slug id must be a sha256 hex digest: " + sha256);
        }
    }
}
