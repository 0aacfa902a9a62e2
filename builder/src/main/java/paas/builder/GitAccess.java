package paas.builder;

/**
 * Decides who may read or push an app's repository. The platform implements it with its
 * tokens and app ownership; the git receiver only passes the request's Authorization header.
 */
@FunctionalInterface
public interface GitAccess {

    enum Decision {
        ALLOWED,
        /** No valid credentials: answered 401 so git asks for (or reads from ~/.netrc) a token. */
        UNAUTHENTICATED,
        /** Valid credentials for someone who may not use this app. */
        FORBIDDEN,
        NOT_FOUND
    }

    /** The caller's identity for logs and build records, when allowed. */
    record Result(Decision decision, String user) {
    }

    /**
     * @param app           the app named by the URL (already matches the app-name rule)
     * @param authorization the request's Authorization header, or null
     * @param push          true for git-receive-pack, false for fetch/clone
     */
    Result check(String app, String authorization, boolean push);
}
