package paas.builder;

import paas.vocabulary.SlugId;

/** An immutable slug: a tar.gz of /app, named by the sha256 of its bytes. */
public record Slug(String sha256, long sizeBytes) implements Artifact {
    public Slug {
        SlugId.check(sha256);
    }
}
