package paas.builder.buildpack;

import paas.builder.BuildFailedException;
import paas.builder.BuildOutput;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The process types of a build: the last buildpack's {@code default_process_types}, overridden
 * type by type by the app's Procfile (as on Heroku, a buildpack default the Procfile does not
 * mention is kept). Reports both in Heroku's words on the build output.
 */
public final class ProcessTypes {
    private ProcessTypes() {
    }

    /**
     * @param procfile the bytes of the built app's root Procfile, if it has one
     * @param defaults from {@link ReleaseYaml#defaultProcessTypes}
     * @throws BuildFailedException for a Procfile line that does not parse, with its number
     */
    public static Map<String, String> merge(Optional<byte[]> procfile, Map<String, String> defaults,
                                            BuildOutput output) throws BuildFailedException {
        output.line("-----> Discovering process types");
        Map<String, String> merged = new LinkedHashMap<>(defaults);
        if (procfile.isPresent()) {
            Map<String, String> declared = Procfile.parse(procfile.get());
            merged.putAll(declared);
            output.line("       Procfile declares types     -> " + names(declared));
        }
        if (!defaults.isEmpty()) {
            output.line("       Default types for buildpack -> " + names(defaults));
        }
        if (merged.isEmpty()) {
            output.line(" !     No process types: add a Procfile with a line such as `web: ./server`");
        }
        return Collections.unmodifiableMap(merged);
    }

    private static String names(Map<String, String> types) {
        return types.isEmpty() ? "(none)" : String.join(", ", types.keySet());
    }
}
