package paas.api.service;

import java.util.List;

/** The lines an app's log stream shows for an event ({@code app[api]}), as Heroku words them. */
public final class AppActivity {
    private AppActivity() {
    }

    /** Empty when the event is nothing to tell the app's users. */
    public static List<String> lines(AppEvent event) {
        return switch (event) {
            case AppEvent.ConfigChanged e -> released(e.description(), e.by(), e.version());
            case AppEvent.Deployed e -> e.releasePhaseFailed()
                    ? List.of("Deploy " + e.source() + " by user " + e.by(),
                            "Release v" + e.version() + " failed: release command did not succeed")
                    : released("Deploy " + e.source(), e.by(), e.version());
            case AppEvent.RolledBack e -> released("Rollback to v" + e.target(), e.by(), e.version());
            case AppEvent.Scaled e -> List.of("Scaled to " + e.formation() + " by user " + e.by());
            case AppEvent.MaintenanceSwitched e ->
                    List.of((e.on() ? "Enable" : "Disable") + " maintenance mode by user " + e.by());
            case AppEvent.StackSet e ->
                    List.of("Set stack " + e.stack() + " by user " + e.by() + "; the next git push builds on it");
            case AppEvent.DomainsChanged e -> List.of();
            case AppEvent.DrainsChanged e -> List.of();
            case AppEvent.CertificatesChanged e -> List.of();
            case AppEvent.CertificateRemoved e -> List.of();
            case AppEvent.Renamed e -> List.of();
            case AppEvent.Destroyed e -> List.of();
        };
    }

    private static List<String> released(String what, String by, int version) {
        return List.of(what + " by user " + by, "Release v" + version + " created by user " + by);
    }
}
