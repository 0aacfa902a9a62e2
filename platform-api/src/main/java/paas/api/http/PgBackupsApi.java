package paas.api.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.handler.codec.http.HttpResponseStatus;
import paas.api.addons.PgBackups;
import paas.api.domain.BackupSchedule;
import paas.api.domain.Transfer;
import paas.api.domain.TransferName;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * pg:backups over HTTP (docs/api.md, "PostgreSQL backups"): backups and restores of an app's
 * PostgreSQL add-ons and their daily schedules. Heroku's own backups API is not part of its
 * Platform API, so these shapes are the platform's own. A dump's download
 * ({@code GET /apps/{app}/backups/{backup}/download}) is streamed by
 * {@link paas.api.stream.BackupDownloadHandler}, outside these buffered routes.
 */
final class PgBackupsApi {
    private final PgBackups backups;
    private final Json json;

    PgBackupsApi(PgBackups backups, Json json) {
        this.backups = backups;
        this.json = json;
    }

    record NamedRef(UUID id, String name) {
    }

    record TransferView(UUID id, String name, int num, String kind, String status, NamedRef app, NamedRef addon,
                        String sourceBackup, Long sizeBytes, String error, Instant startedAt, Instant finishedAt) {
        static TransferView of(Transfer t) {
            return new TransferView(t.id(), t.name(), t.num(), t.kind().value(), t.status().value(),
                    new NamedRef(t.app().id(), t.app().name().value()), new NamedRef(t.addonId(), t.addonName().value()),
                    t.sourceNum().map(n -> TransferName.format(Transfer.Kind.MANUAL, n)).orElse(null),
                    t.sizeBytes().isPresent() ? t.sizeBytes().getAsLong() : null, t.error().orElse(null),
                    t.startedAt(), t.finishedAt().orElse(null));
        }
    }

    record ScheduleView(NamedRef addon, NamedRef app, String at, int hour, String timezone, String lastRunOn,
                        Instant createdAt) {
        static ScheduleView of(BackupSchedule s) {
            return new ScheduleView(new NamedRef(s.addonId(), s.addonName().value()),
                    new NamedRef(s.app().id(), s.app().name().value()), s.at().text(), s.at().hour(),
                    s.at().zone().getId(), s.lastRunOn().map(Object::toString).orElse(null), s.createdAt());
        }
    }

    void register(Endpoints.Builder routes) {
        routes.post("/apps/{app}/addons/{addon}/backups", r -> {
                    Body.onlyFields(json.readObject(r.body()), Set.of());
                    return new ApiResponse(HttpResponseStatus.ACCEPTED, TransferView.of(
                            backups.capture(r.caller(), r.param("app"), r.param("addon"))), Map.of());
                })
                .get("/apps/{app}/addons/{addon}/backups", r -> ApiResponse.ok(views(backups.list(r.caller(),
                        r.param("app")).stream().filter(t -> t.addonId().toString().equals(r.param("addon"))
                        || t.addonName().value().equals(r.param("addon"))).toList())))
                .get("/apps/{app}/backups", r -> ApiResponse.ok(views(backups.list(r.caller(), r.param("app")))))
                .get("/apps/{app}/backups/{backup}", r -> ApiResponse.ok(TransferView.of(
                        backups.get(r.caller(), r.param("app"), Optional.of(r.param("backup"))))))
                .delete("/apps/{app}/backups/{backup}", r -> ApiResponse.ok(TransferView.of(
                        backups.delete(r.caller(), r.param("app"), r.param("backup")))))
                .post("/apps/{app}/addons/{addon}/restores", this::restore)
                .put("/apps/{app}/addons/{addon}/backup-schedule", this::schedule)
                .delete("/apps/{app}/addons/{addon}/backup-schedule", r -> ApiResponse.ok(ScheduleView.of(
                        backups.unschedule(r.caller(), r.param("app"), r.param("addon")))))
                .get("/apps/{app}/backup-schedules", r -> ApiResponse.ok(backups.schedules(r.caller(), r.param("app"))
                        .stream().map(ScheduleView::of).toList()));
    }

    private ApiResponse restore(ApiRequest r) {
        ObjectNode body = json.readObject(r.body());
        Body.onlyFields(body, Set.of("backup", "force"));
        Transfer started = backups.restore(r.caller(), r.param("app"), Body.text(body, "backup"), r.param("addon"),
                Body.bool(body, "force").orElse(false));
        return new ApiResponse(HttpResponseStatus.ACCEPTED, TransferView.of(started), Map.of());
    }

    private ApiResponse schedule(ApiRequest r) {
        ObjectNode body = json.readObject(r.body());
        Body.onlyFields(body, Set.of("at"));
        return ApiResponse.ok(ScheduleView.of(backups.schedule(r.caller(), r.param("app"), r.param("addon"),
                Body.requiredText(body, "at"))));
    }

    private static List<TransferView> views(List<Transfer> transfers) {
        return transfers.stream().map(TransferView::of).toList();
    }
}
