package paas.api.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import paas.api.service.AccountService;

import java.util.Set;

/** {@code /account}, {@code /users} and {@code /oauth/authorizations}: who you are and your tokens. */
final class AccountApi {
    private final AccountService accounts;
    private final Json json;

    AccountApi(AccountService accounts, Json json) {
        this.accounts = accounts;
        this.json = json;
    }

    void register(Endpoints.Builder routes) {
        routes.publicGet("/health", r -> ApiResponse.ok(new Views.Health("ok")))
                .get("/account", r -> ApiResponse.ok(Views.AccountView.of(r.caller())))
                .get("/users", r -> ApiResponse.ok(accounts.listUsers(r.caller()).stream()
                        .map(Views.AccountView::of).toList()))
                .post("/users", this::createUser)
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

    private ApiResponse createToken(ApiRequest r) {
        ObjectNode body = json.readObject(r.body());
        Body.onlyFields(body, Set.of("description", "scope"));
        return ApiResponse.created(Views.AuthorizationView.issued(
                accounts.createToken(r.caller(), Body.text(body, "description").orElse(null))));
    }
}
