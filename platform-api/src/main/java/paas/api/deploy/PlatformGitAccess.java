package paas.api.deploy;

import paas.api.domain.App;
import paas.api.domain.User;
import paas.api.http.Authenticator;
import paas.api.service.AccountService;
import paas.api.store.AppStore;
import paas.api.store.Database;
import paas.builder.GitAccess;

import java.util.Optional;

/** git's view of the platform's rules: a valid token, and the app's owner (or an admin). */
public final class PlatformGitAccess implements GitAccess {
    private final AccountService accounts;
    private final Database db;
    private final AppStore apps;

    public PlatformGitAccess(AccountService accounts, Database db, AppStore apps) {
        this.accounts = accounts;
        this.db = db;
        this.apps = apps;
    }

    @Override
    public Result check(String app, String authorization, boolean push) {
        Optional<User> user = Optional.ofNullable(Authenticator.secretOf(authorization)).flatMap(accounts::authenticate);
        if (user.isEmpty()) {
            return new Result(Decision.UNAUTHENTICATED, null);
        }
        Optional<App> found = db.inTransaction(c -> apps.find(c, app));
        if (found.isEmpty()) {
            return new Result(Decision.NOT_FOUND, user.get().email());
        }
        boolean allowed = user.get().admin() || found.get().owner().id().equals(user.get().id());
        return new Result(allowed ? Decision.ALLOWED : Decision.FORBIDDEN, user.get().email());
    }
}
