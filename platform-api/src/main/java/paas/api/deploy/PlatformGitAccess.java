package paas.api.deploy;

import paas.api.auth.Authenticator;
import paas.api.domain.PlatformException;
import paas.api.domain.User;
import paas.api.service.AccountService;
import paas.api.service.AppService;
import paas.builder.GitAccess;

import java.util.Optional;

/**
 * git's view of the platform's rules: a valid token, and the same app access the API grants
 * (the app's owner, or an admin), decided by the same service.
 */
public final class PlatformGitAccess implements GitAccess {
    private final AccountService accounts;
    private final AppService apps;

    public PlatformGitAccess(AccountService accounts, AppService apps) {
        this.accounts = accounts;
        this.apps = apps;
    }

    @Override
    public Result check(String app, String authorization, boolean push) {
        Optional<User> user = Optional.ofNullable(Authenticator.secretOf(authorization)).flatMap(accounts::authenticate);
        if (user.isEmpty()) {
            return new Result(Decision.UNAUTHENTICATED, null);
        }
        String email = user.get().email();
        try {
            apps.get(user.get(), app);
            return new Result(Decision.ALLOWED, email);
        } catch (PlatformException.NotFound e) {
            return new Result(Decision.NOT_FOUND, email);
        } catch (PlatformException.Forbidden e) {
            return new Result(Decision.FORBIDDEN, email);
        }
    }
}
