package paas.api.http;

import paas.api.domain.Orphan;
import paas.api.domain.PlatformException;
import paas.api.domain.User;
import paas.api.orphans.Orphans;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * {@code /admin/orphans}: dynos and slugs this platform keeps that its store cannot account for
 * (see {@link Orphans}), and their removal before the grace period ends. Admin tokens only.
 */
final class AdminApi {
    private final Orphans orphans;

    AdminApi(Orphans orphans) {
        this.orphans = orphans;
    }

    /** One orphan as the API shows it; {@code app} and {@code dyno} are null for a slug. */
    record OrphanView(String id, String type, String app, String dyno, Instant firstSeenAt, Instant removeAfter) {
        static OrphanView of(Orphan o, Duration grace) {
            return new OrphanView(o.id(), o.kind().word(), o.app(), o.dyno(), o.firstSeen(), o.removeAfter(grace));
        }
    }

    void register(Endpoints.Builder endpoints) {
        endpoints.get("/admin/orphans", r -> {
            requireAdmin(r.caller());
            return ApiResponse.ok(views(orphans.list()));
        }).delete("/admin/orphans", r -> {
            requireAdmin(r.caller());
            return ApiResponse.ok(views(orphans.removeAll()));
        }).delete("/admin/orphans/{id}", r -> {
            requireAdmin(r.caller());
            return ApiResponse.ok(OrphanView.of(orphans.remove(r.param("id")), orphans.grace()));
        });
    }

    private List<OrphanView> views(List<Orphan> list) {
        return list.stream().map(o -> OrphanView.of(o, orphans.grace())).toList();
    }

    private static void requireAdmin(User caller) {
        if (!caller.admin()) {
            throw new PlatformException.Forbidden("only admins may list or remove orphans; ask an admin, or run"
                    + " `paas login` with an admin's token");
        }
    }
}
