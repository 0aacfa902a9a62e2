package paas.builder;

import java.util.Map;

/** A successful build: its slug, the process types it declares, and the buildpack that detected it. */
public record BuildResult(Slug slug, Map<String, String> processTypes, String buildpack) {
    public BuildResult {
        processTypes = Map.copyOf(processTypes);
    }
}
