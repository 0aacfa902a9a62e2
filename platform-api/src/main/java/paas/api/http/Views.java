package paas.api.http;

import paas.api.domain.App;
import paas.api.domain.Domain;
import paas.api.domain.FormationEntry;
import paas.api.domain.IssuedToken;
import paas.api.domain.Release;
import paas.api.domain.Token;
import paas.api.domain.User;
import paas.api.domain.UserAccount;
import paas.api.service.DomainService;

import java.nio.charset.StandardCharsets;
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

    /** Heroku's {@code {id, name}} reference to an app, in releases, formation, dynos and add-ons. */
    record AppRef(UUID id, String name) {
        static AppRef of(App app) {
            return new AppRef(app.id(), app.name().value());
        }

        static AppRef of(paas.api.domain.AppRef app) {
            return new AppRef(app.id(), app.name().value());
        }
    }

    /** Where an app runs: one region, as every app here runs on this platform's hosts. */
    record Region(String name) {
        static final Region LOCAL = new Region("local");
    }

    /** {@code slugSize}: bytes of the current release's slug; {@code repoSize}: null, as git repositories are not measured. */
    record AppView(UUID id, String name, Instant createdAt, Instant updatedAt, Instant releasedAt, String gitUrl,
                   String webUrl, boolean maintenance, UserRef owner, Stack stack, Stack buildStack, Region region,
                   Long slugSize, Long repoSize, boolean acm) {
    }

    /**
     * {@code eligibleForRollback}: a release a rollback may go to (it succeeded and has a slug to run), the
     * flag Heroku clients look for when asked to roll back to "the previous release".
     */
    record ReleaseView(UUID id, int version, String description, String status, boolean current,
                       boolean eligibleForRollback, Ref slug, AppRef app, Instant createdAt, Instant updatedAt,
                       UserRef user, String outputStreamUrl, Map<String, String> processTypes) {
        static ReleaseView of(Release r, AppRef app, String outputStreamUrl) {
            return new ReleaseView(r.id(), r.version(), r.description(), r.status().name().toLowerCase(), r.current(),
                    r.status() == Release.Status.SUCCEEDED && r.slugId() != null,
                    r.slugId() == null ? null : new Ref(r.slugId()), app, r.createdAt(), r.updatedAt(),
                    UserRef.of(r.user()), outputStreamUrl, r.processTypes());
        }
    }

    record DynoSize(String name) {
    }

    /**
     * {@code id}: stable per app and process type (a formation entry has no row id of its own);
     * {@code createdAt}: the entry's last change, as the store keeps no earlier time.
     */
    record FormationView(UUID id, AppRef app, String type, int quantity, String size, DynoSize dynoSize,
                         String command, Instant createdAt, Instant updatedAt) {
        static FormationView of(FormationEntry e, AppRef app) {
            UUID id = UUID.nameUUIDFromBytes((app.id() + "/" + e.type().value()).getBytes(StandardCharsets.UTF_8));
            return new FormationView(id, app, e.type().value(), e.quantity(), e.size(), new DynoSize(e.size()),
                    e.command(), e.updatedAt(), e.updatedAt());
        }
    }

    /**
     * A domain as Heroku's schema has it: kind {@code heroku} for the app's own name under the
     * platform domain, {@code custom} for the others, whose {@code cname} is the DNS target their
     * record points at (the app's own name; null for the app's own name itself); {@code status}
     * succeeded, as the router serves a name as soon as it is added.
     */
    record DomainView(UUID id, String hostname, String kind, String cname, AppRef app, String status,
                      Instant createdAt, Instant updatedAt) {
        static DomainView of(Domain d, DomainService.DnsTarget target) {
            boolean own = d.kind() == Domain.Kind.DEFAULT;
            return new DomainView(d.id(), d.hostname().value(), own ? "heroku" : "custom",
                    own ? null : target.hostname().value(), AppRef.of(target.app()), "succeeded", d.createdAt(),
                    d.createdAt());
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
