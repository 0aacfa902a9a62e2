package paas.api.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import paas.api.domain.AppTransfer;
import paas.api.domain.Collaborator;
import paas.api.domain.PlatformException;
import paas.api.domain.User;
import paas.api.service.AppTransferService;
import paas.api.service.CollaboratorService;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * {@code /apps/{app}/collaborators} (list, add, info, remove) and {@code /account/app-transfers},
 * in the shapes of Heroku's Platform API. A transfer is done when created (state
 * {@code accepted}): nothing waits for the recipient, so the list of pending transfers is empty.
 */
final class CollaboratorsApi {
    private final CollaboratorService collaborators;
    private final AppTransferService transfers;
    private final Json json;

    CollaboratorsApi(CollaboratorService collaborators, AppTransferService transfers, Json json) {
        this.collaborators = collaborators;
        this.transfers = transfers;
        this.json = json;
    }

    void register(Endpoints.Builder routes) {
        routes.get("/apps/{app}/collaborators", r -> ApiResponse.ok(collaborators.list(r.caller(), r.param("app"))
                        .stream().map(CollaboratorView::of).toList()))
                .post("/apps/{app}/collaborators", this::add)
                .get("/apps/{app}/collaborators/{collaborator}", r -> ApiResponse.ok(CollaboratorView.of(
                        collaborators.get(r.caller(), r.param("app"), r.param("collaborator")))))
                .delete("/apps/{app}/collaborators/{collaborator}", r -> ApiResponse.ok(CollaboratorView.of(
                        collaborators.remove(r.caller(), r.param("app"), r.param("collaborator")))))
                .post("/account/app-transfers", this::transfer)
                .get("/account/app-transfers", r -> ApiResponse.ok(List.of()));
    }

    /** {@code {"user": "EMAIL"}}, or {@code {"user": {"email": "EMAIL"}}} as older clients send it. */
    private ApiResponse add(ApiRequest r) {
        ObjectNode body = json.readObject(r.body());
        Body.onlyFields(body, Set.of("user", "silent"));
        Body.bool(body, "silent");
        JsonNode user = body.get("user");
        Optional<String> email = user != null && user.isObject() ? Body.text(user, "email") : Body.text(body, "user");
        return ApiResponse.created(CollaboratorView.of(collaborators.add(r.caller(), r.param("app"),
                email.orElseThrow(() -> new PlatformException.InvalidParams("field 'user' is required: the email of"
                        + " the user to add, as in {\"user\": \"name@example.com\"}")))));
    }

    private ApiResponse transfer(ApiRequest r) {
        ObjectNode body = json.readObject(r.body());
        Body.onlyFields(body, Set.of("app", "recipient", "silent"));
        Body.bool(body, "silent");
        return ApiResponse.created(TransferView.of(transfers.transfer(r.caller(),
                Body.requiredText(body, "app"), Body.requiredText(body, "recipient"))));
    }

    record UserView(String email, boolean federated, UUID id) {
        static UserView of(User user) {
            return new UserView(user.email(), false, user.id());
        }
    }

    /** Heroku's collaborator: {@code permissions} is for team apps, always empty here. */
    record CollaboratorView(Views.AppRef app, Instant createdAt, UUID id, List<String> permissions, String role,
                            Instant updatedAt, UserView user) {
        static CollaboratorView of(Collaborator k) {
            return new CollaboratorView(Views.AppRef.of(k.app()), k.createdAt(), k.id(), List.of(), k.role().value(),
                    k.updatedAt(), UserView.of(k.user()));
        }
    }

    record Email(String email, UUID id) {
        static Email of(User user) {
            return new Email(user.email(), user.id());
        }
    }

    /** Heroku's app-transfer: {@code owner} is who had the app, {@code recipient} who has it now. */
    record TransferView(Views.AppRef app, Instant createdAt, UUID id, Email owner, Email recipient, String state,
                        Instant updatedAt) {
        static TransferView of(AppTransfer t) {
            return new TransferView(Views.AppRef.of(t.app()), t.at(), t.id(), Email.of(t.from()), Email.of(t.to()),
                    "accepted", t.at());
        }
    }
}
