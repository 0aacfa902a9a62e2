package paas.builder;

import java.net.SocketAddress;

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
        NOT_FOUND,
        /**
         * Too many invalid tokens came from the client's address lately: answered 429 with
         * {@code Retry-After}, whatever the credentials, until the wait is over.
         */
        THROTTLED
    }

    /**
     * @param user              the caller's identity for logs and build records, when allowed
     * @param retryAfterSeconds how long a THROTTLED client must wait; 0 otherwise
     */
    record Result(Decision decision, String user, long retryAfterSeconds) {
        public Result(Decision decision, String user) {
            this(decision, user, 0);
        }
    }

    /**
     * @param app           the app named by the URL (already matches the app-name rule)
     * @param authorization the request's Authorization header, or null
     * @param client        the connection's peer (failed credentials are counted per address)
     * @param push          true for git-receive-pack, false for fetch/clone
     */
    Result check(String app, String authorization, SocketAddress client, boolean push);
}
