package paas.api.auth;

import paas.api.domain.Authenticated;
import paas.api.domain.PlatformException;
import paas.api.domain.User;
import paas.api.service.AccountService;

import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;

/**
 * Turns an Authorization header into the user it belongs to. Accepts {@code Bearer TOKEN}, and
 * HTTP Basic with the token as the password, which is what git and curl send from ~/.netrc.
 * Every check passes the {@link AuthBackoff} of the client's address first: the API, the streams
 * and git share it.
 */
public final class Authenticator {
    private final AccountService accounts;
    private final AuthBackoff backoff;

    public Authenticator(AccountService accounts, AuthBackoff backoff) {
        this.accounts = accounts;
        this.backoff = backoff;
    }

    /**
     * The user whose token {@code authorization} carries.
     *
     * @param client the connection's peer, which the back-off counts failures by
     * @throws PlatformException.TooManyRequests while {@code client} is blocked, whatever the token
     * @throws PlatformException.Unauthorized    without a token, or with one that is not valid
     */
    public User authenticate(String authorization, SocketAddress client) {
        return identify(authorization, client).user();
    }

    /** As {@link #authenticate}, with the id of the token that was used. */
    public Authenticated identify(String authorization, SocketAddress client) {
        Optional<Duration> wait = backoff.blocked(client);
        if (wait.isPresent()) {
            throw new PlatformException.TooManyRequests("too many requests with invalid tokens came from your address ("
                    + AuthBackoff.keyOf(client) + "): wait " + PlatformException.TooManyRequests.wholeSeconds(wait.get()) + " s (Retry-After) and try"
                    + " again; until then every request from it is refused, even with a correct token", wait.get());
        }
        String secret = secretOf(authorization);
        if (secret == null) {
            // Not a failure: git and curl ask without credentials first and send them after a 401.
            throw new PlatformException.Unauthorized("this request needs a token: send 'Authorization: Bearer TOKEN'"
                    + " (`paas login` stores one)");
        }
        Optional<Authenticated> found = accounts.identify(secret);
        if (found.isEmpty()) {
            backoff.failed(client);
            throw new PlatformException.Unauthorized("the token is not valid (unknown, revoked, or its user is"
                    + " disabled): run `paas login` with a current token");
        }
        backoff.succeeded(client);
        return found.get();
    }

    /** True while the token that {@code who} used is still valid (not revoked, its user enabled). */
    public boolean isLive(Authenticated who) {
        return accounts.isLive(who.tokenId());
    }

    /** The token in a Bearer or Basic (password) Authorization header, or null. */
    public static String secretOf(String authorization) {
        if (authorization == null) {
            return null;
        }
        String value = authorization.strip();
        if (value.regionMatches(true, 0, "Bearer ", 0, 7)) {
            String token = value.substring(7).strip();
            return token.isEmpty() ? null : token;
        }
        if (value.regionMatches(true, 0, "Basic ", 0, 6)) {
            try {
                String decoded = new String(Base64.getDecoder().decode(value.substring(6).strip()), StandardCharsets.UTF_8);
                int colon = decoded.indexOf(':');
                String password = colon < 0 ? "" : decoded.substring(colon + 1);
                return password.isEmpty() ? null : password;
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
        return null;
    }
}
