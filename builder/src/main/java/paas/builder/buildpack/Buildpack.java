package paas.builder.buildpack;

import java.util.Map;

/**
 * One resolved buildpack: the spec the user or the platform named it by (a shipped name such as
 * {@code nodejs}, or a custom buildpack's name or path) and its files, relative path to bytes.
 * Files under {@code bin/} are made executable in the build container.
 */
public record Buildpack(String spec, Map<String, byte[]> files) {
    public Buildpack {
        files = Map.copyOf(files);
        if (!files.containsKey("bin/detect") || !files.containsKey("bin/compile")) {
            throw new IllegalArgumentException("buildpack '" + spec + "' needs bin/detect and bin/compile");
        }
    }

    /** Unix mode for one of the files. */
    public int modeOf(String path) {
        return path.startsWith("bin/") ? 0755 : 0644;
    }
}
