package paas.builder.buildpack;

import paas.vocabulary.tar.TarPaths;

import java.io.IOException;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The directory of a pushed repository that holds the app, for monorepos: the config var
 * {@code PAAS_APP_BASE} (for example {@code services/web}), as Heroku users set {@code APP_BASE}
 * for the monorepo buildpack. Only that directory is built and becomes the slug's root, with its
 * own Procfile and {@code .slugignore}. Unset or empty means the whole repository.
 *
 * @param path a normalised relative path with no {@code .} or {@code ..} segments; empty for the root
 */
public record AppBase(String path) {
    public static final String CONFIG_VAR = "PAAS_APP_BASE";
    public static final AppBase ROOT = new AppBase("");
    private static final int MAX_LENGTH = 255;
    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9._@+-]+");

    public AppBase {
        if (!path.isEmpty() && !valid(path)) {
            throw new IllegalArgumentException(CONFIG_VAR + " must be a relative directory such as services/web");
        }
    }

    /** The base the app's config asks for. */
    public static AppBase of(Map<String, String> configVars) throws Invalid {
        String raw = configVars.getOrDefault(CONFIG_VAR, "").strip();
        String path = raw;
        while (path.startsWith("./")) {
            path = path.substring(2);
        }
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        if (path.isEmpty() || path.equals(".")) {
            return ROOT;
        }
        if (!valid(path)) {
            throw new Invalid(CONFIG_VAR + "=" + TarPaths.printable(raw) + " is not a directory of the repository:"
                    + " give a relative path such as services/web, without .., and set it with"
                    + " paas config:set " + CONFIG_VAR + "=services/web");
        }
        return new AppBase(path);
    }

    private static boolean valid(String path) {
        if (path.length() > MAX_LENGTH || path.startsWith("/")) {
            return false;
        }
        for (String segment : path.split("/", -1)) {
            if (segment.equals(".") || segment.equals("..") || !SEGMENT.matcher(segment).matches()) {
                return false;
            }
        }
        return true;
    }

    public boolean isRoot() {
        return path.isEmpty();
    }

    /**
     * The name relative to the base of a name relative to the repository: empty for the base
     * itself, null for a name outside it.
     */
    String within(String rel) {
        if (isRoot()) {
            return rel;
        }
        if (rel.equals(path)) {
            return "";
        }
        return rel.startsWith(path + "/") ? rel.substring(path.length() + 1) : null;
    }

    @Override
    public String toString() {
        return isRoot() ? "the repository's root" : path;
    }

    /** A value of PAAS_APP_BASE that cannot name a directory; the message names the fix. */
    public static final class Invalid extends Exception {
        Invalid(String message) {
            super(message);
        }
    }

    /** The push has no directory at the base. */
    public static final class MissingException extends IOException {
        MissingException(AppBase base) {
            super(CONFIG_VAR + "=" + base.path() + ", but this push has no directory " + base.path()
                    + ": fix the path with paas config:set " + CONFIG_VAR + "=DIR, or unset it with paas config:unset "
                    + CONFIG_VAR + " to build the whole repository");
        }
    }
}
