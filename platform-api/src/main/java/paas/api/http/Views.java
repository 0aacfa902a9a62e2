package paas.api.http;

import paas.api.domain.App;
import paas.api.domain.Domain;
import paas.api.domain.FormationEntry;
import paas.api.domain.Hostname;
import paas.api.domain.IssuedToken;
import paas.api.domain.Release;
import paas.api.domain.Token;
import paas.api.domain.User;
import paas.api.domain.UserAccount;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** The API's resource shapes, field for field as Heroku's Platform API names them. */
final class Views {
    private Views() {
    }

    record Ref(UUID id) {
    }

    record UserRef(UUID id, String email) {
        static UserRef of(User user) {
            return user == null ? null : new UserRef(user.id(), user.email());
        }
    }

    record Stack(String name) {
    }

    record AppView(UUID id, String name, Instant createdAt, Instant updatedAt, Instant releasedAt, String gitUrl,
                   String webUrl, boolean maintenance, UserRef owner, Stack stack, Stack buildStack, boolean acm) {
    }

    record ReleaseView(UUID id, int version, String description, String status, boolean current, Ref slug,
                       Instant createdAt, Instant updatedAt, UserRef user, String outputStreamUrl,
                       Map<String, String> processTypes) {
        static ReleaseView of(Release r) {
            return new ReleaseView(r.id(), r.version(), r.description(), r.status().name().toLowerCase(), r.current(),
                    r.slugId() == null ? null : new Ref(r.slugId()), r.createdAt(), r.updatedAt(), UserRef.of(r.user()),
                    null, r.processTypes());
        }
    }

    record FormationView(String type, int quantity, String size, String command, Instant updatedAt) {
        static FormationView of(FormationEntry e) {
            return new FormationView(e.type().value(), e.quantity(), e.size(), e.command(), e.updatedAt());
        }
    }

    /**
     * A domain as Heroku's schema has it: kind {@code heroku} for the app's own name under the
     * platform domain, {@code custom} for the others, whose {@code cname} is the DNS target their
     * record points at (the app's own name; null for the app's own name itself).
     */
    record DomainView(UUID id, String hostname, String kind, String cname, Instant createdAt, Instant updatedAt) {
        static DomainView of(Domain d, Hostname dnsTarget) {
            boolean own = d.kind() == Domain.Kind.DEFAULT;
            return new DomainView(d.id(), d.hostname().value(), own ? "heroku" : "custom",
                    own ? null : dnsTarget.value(), d.createdAt(), d.createdAt());
        }
    }

    /** A user; {@code disabled} is false for every caller (a disabled user cannot make a request). */
    record AccountView(UUID id, String email, boolean admin, boolean disabled, Instant createdAt) {
        static AccountView of(User u) {
            return new AccountView(u.id(), u.email(), u.admin(), false, u.createdAt());
        }

        static AccountView of(UserAccount a) {
            User u = a.user();
            return new AccountView(u.id(), u.email(), u.admin(), a.disabled(), u.createdAt());
        }
    }

    record AccessToken(UUID id, String token) {
    }

    record AuthorizationView(UUID id, String description, Instant createdAt, AccessToken accessToken, UserRef user) {
        static AuthorizationView of(Token t) {
            return new AuthorizationView(t.id(), t.description(), t.createdAt(), null, null);
        }

        static AuthorizationView issued(IssuedToken issued) {
            Token t = issued.token();
            return new AuthorizationView(t.id(), t.description(), t.createdAt(),
                    new AccessToken(t.id(), issued.secret()), UserRef.of(issued.user()));
        }
    }

    record NewUserView(UUID id, String email, boolean admin, Instant createdAt, AccessToken accessToken) {
        static NewUserView of(IssuedToken issued) {
            User u = issued.user();
            return new NewUserView(u.id(), u.email(), u.admin(), u.createdAt(),
                    new AccessToken(issued.token().id(), issued.secret()));
        }
    }

    record ErrorView(String id, String message) {
    }

    /**
     * {@code GET /health}: the API answers ("ok"), and where the build stack's preparation stands:
     * off, idle, running (with step and steps when counted), ready or failed. Only the state, since
     * anyone may ask: why it failed is in paasd's log and in the push that failed.
     */
    record Health(String status, BuildStackView buildStack) {
        static Health of(java.util.Optional<paas.api.prepare.PreparationState> stack) {
            return new Health("ok", stack.map(BuildStackView::of).orElse(new BuildStackView("off", null, null)));
        }
    }

    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
    record BuildStackView(String state, Integer step, Integer steps) {
        static BuildStackView of(paas.api.prepare.PreparationState state) {
            return state instanceof paas.api.prepare.PreparationState.Running r && r.steps() > 0
                    ? new BuildStackView(r.word(), r.step(), r.steps()) : new BuildStackView(state.word(), null, null);
        }
    }
}
