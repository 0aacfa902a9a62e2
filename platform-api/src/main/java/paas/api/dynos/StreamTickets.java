package paas.api.dynos;

import paas.api.domain.Authenticated;
import paas.api.domain.User;
import paas.logs.TailRequest;

/**
 * Issues the one-time secrets with which a client opens a log or run stream; the streaming
 * server redeems them. Here so that dynos do not depend on how streams are served.
 */
public interface StreamTickets {
    /** A secret that opens one tail of an app's log stream. */
    String newLogSession(User user, TailRequest request);

    /**
     * A secret that opens one tail of an app's log stream on its own, with no Authorization header,
     * as Heroku's {@code logplex_url} does; it stands for {@code who}'s token, so revoking that token
     * ends the tail. Issuers that cannot do that answer a secret that needs the token too.
     */
    default String newLogSession(Authenticated who, TailRequest request) {
        return newLogSession(who.user(), request);
    }

    /** A secret that attaches the client to one one-off dyno. */
    String newRunSession(User user, OneOffAttachment dyno);

    /**
     * As {@link #newRunSession(User, OneOffAttachment)}, for a dyno of {@code app}: the session
     * ends, or does not open, once the user's access to the app is removed.
     */
    default String newRunSession(User user, String app, OneOffAttachment dyno) {
        return newRunSession(user, dyno);
    }
}
