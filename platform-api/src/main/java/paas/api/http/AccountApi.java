package paas.api.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import paas.api.domain.PlatformException;
import paas.api.service.AccountService;

import paas.api.prepare.PreparationState;

import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * {@code /account}, {@code /users} and {@code /oauth/authorizations}: who you are, your tokens,
 * and (admins) the platform's users and their tokens. And {@code /health}: the API answers, and
 * where the build stack's preparation stands.
 */
final class AccountApi {
    private final AccountService accounts;
    private final Json json;
    private final Supplier<Optional<PreparationState>> buildStack;

    AccountApi(AccountService accounts, Json json, Supplier<Optional<PreparationState>> buildStack) {
        this.accounts = accounts;
        this.json = json;
        this.buildStack = buildStack;
    }

    void register(Endpoints.Builder routes) {
        routes.publicGet("/health", r -> ApiResponse.ok(Views.Health.of(buildStack.get())))
                .get("/account", r -> ApiResponse.ok(Views.AccountView.of(r.caller())))
                .get("/users", r -> ApiResponse.ok(accounts.listUsers(r.caller()).stream()
                        .map(Views.AccountView::of).toList()))
                .post("/users", this::createUser)
                .get("/users/{email}", r -> ApiResponse.ok(Views.AccountView.of(
                        accounts.user(r.caller(), r.param("email")))))
                .patch("/users/{email}", this::updateUser)
                .delete("/users/{email}", r -> ApiResponse.ok(Views.AccountView.of(
                        accounts.destroyUser(r.caller(), r.param("email")))))
                .get("/users/{email}/authorizations", r -> ApiResponse.ok(accounts.tokensOf(r.caller(),
                        r.param("email")).stream().map(Views.AuthorizationView::of).toList()))
                .get("/oauth/authorizations", r -> ApiResponse.ok(accounts.tokens(r.caller()).stream()
                        .map(Views.AuthorizationView::of).toList()))
                .post("/oauth/authorizations", this::createToken)
                .delete("/oauth/authorizations/{id}", r -> ApiResponse.ok(Views.AuthorizationView.of(
                        accounts.revokeToken(r.caller(), r.param("id")))));
    }

    private ApiResponse createUser(ApiRequest r) {
        ObjectNode body = json.readObject(r.body());
        Body.onlyFields(body, Set.of("email"));
        return ApiResponse.created(Views.NewUserView.of(accounts.createUser(r.caller(), Body.requiredText(body, "email"))));
    }

    /** {@code {"disabled": true|false}}: the one thing about a user an admin changes today. */
    private ApiResponse updateUser(ApiRequest r) {
        ObjectNode body = json.readObject(r.body());
        Body.onlyFields(body, Set.of("disabled"));
        boolean disabled = Body.bool(body, "disabled").orElseThrow(() -> new PlatformException.InvalidParams(
                "field 'disabled' is required: {\"disabled\": true} disables the user, false enables them"));
        return ApiResponse.ok(Views.AccountView.of(accounts.setDisabled(r.caller(), r.param("email"), disabled)));
    }

    private ApiResponse createToken(ApiRequest r) {
        ObjectNode body = json.readObject(r.body());
        Body.onlyFields(body, Set.of("description", "scope"));
        return ApiResponse.created(Views.AuthorizationView.issued(
                accounts.createToken(r.caller(), Body.text(body, "description").orElse(null))));
    }
}
