package paas.api.deploy;

import paas.api.auth.Authenticator;
import paas.api.domain.PlatformException;
import paas.api.domain.User;
import paas.api.service.AppService;
import paas.builder.GitAccess;

import java.net.SocketAddress;

/**
 * git's view of the platform's rules: a valid token of an enabled user, checked by the same
 * {@link Authenticator} as the API (so git and the API share one failed-token back-off), and the
 * same app access the API grants (the app's owner, or an admin), decided by the same service.
 */
public final class PlatformGitAccess implements GitAccess {
    private final Authenticator authenticator;
    private final AppService apps;

    public PlatformGitAccess(Authenticator authenticator, AppService apps) {
        this.authenticator = authenticator;
        this.apps = apps;
    }

    @Override
    public Result check(String app, String authorization, SocketAddress client, boolean push) {
        User user;
        try {
            user = authenticator.authenticate(authorization, client);
        } catch (PlatformException.TooManyRequests e) {
            return new Result(Decision.THROTTLED, null, e.retryAfterSeconds());
        } catch (PlatformException.Unauthorized e) {
            return new Result(Decision.UNAUTHENTICATED, null);
        }
        try {
            apps.get(user, app);
            return new Result(Decision.ALLOWED, user.email());
        } catch (PlatformException.NotFound e) {
            return new Result(Decision.NOT_FOUND, user.email());
        } catch (PlatformException.Forbidden e) {
            return new Result(Decision.FORBIDDEN, user.email());
        }
    }
}
