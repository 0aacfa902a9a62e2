package paas.builder.git;

import paas.vocabulary.AppName;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The three requests of git's smart HTTP protocol, parsed from a path such as
 * {@code /myapp.git/info/refs?service=git-receive-pack}.
 */
record GitRequest(String app, Kind kind, boolean push) {
    enum Kind { ADVERTISE, RPC }

    private static final Pattern PATH = Pattern.compile("/(" + AppName.REGEX + ")\\.git(/.*)?");

    /** True when the path is in the git namespace ({@code /NAME.git...}), valid or not. */
    static boolean isGitPath(String uri) {
        String path = uri.split("\\?", 2)[0];
        int slash = path.indexOf('/', 1);
        String first = slash < 0 ? path : path.substring(0, slash);
        return first.endsWith(".git");
    }

    /** The request, or empty when it is not one git's smart protocol sends. */
    static Optional<GitRequest> parse(String method, String uri) {
        String[] parts = uri.split("\\?", 2);
        Matcher m = PATH.matcher(parts[0]);
        if (!m.matches()) {
            return Optional.empty();
        }
        String app = m.group(1);
        String rest = m.group(2) == null ? "" : m.group(2);
        String query = parts.length > 1 ? parts[1] : "";
        if (method.equals("GET") && rest.equals("/info/refs")) {
            if (query.equals("service=git-receive-pack")) {
                return Optional.of(new GitRequest(app, Kind.ADVERTISE, true));
            }
            if (query.equals("service=git-upload-pack")) {
                return Optional.of(new GitRequest(app, Kind.ADVERTISE, false));
            }
            return Optional.empty();
        }
        if (method.equals("POST") && rest.equals("/git-receive-pack")) {
            return Optional.of(new GitRequest(app, Kind.RPC, true));
        }
        if (method.equals("POST") && rest.equals("/git-upload-pack")) {
            return Optional.of(new GitRequest(app, Kind.RPC, false));
        }
        return Optional.empty();
    }

    String service() {
        return push ? "git-receive-pack" : "git-upload-pack";
    }
}
