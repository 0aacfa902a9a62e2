package paas.api.auth;

import paas.api.domain.PlatformException;
import paas.api.domain.User;
import paas.api.service.AccountService;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Turns an Authorization header into the user it belongs to. Accepts {@code Bearer TOKEN}, and
 * HTTP Basic with the token as the password, which is what git and curl send from ~/.netrc.
 */
public final class Authenticator {
    private final AccountService accounts;

    public Authenticator(AccountService accounts) {
        this.accounts = accounts;
    }

    public User authenticate(String authorization) {
        String secret = secretOf(authorization);
        if (secret == null) {
            throw new PlatformException.Unauthorized("this request needs a token: send 'Authorization: Bearer TOKEN'"
                    + " (`paas login` stores one)");
        }
        return accounts.authenticate(secret).orElseThrow(() -> new PlatformException.Unauthorized(
                "the token is not valid (unknown or revoked): run `paas login` with a current token"));
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
