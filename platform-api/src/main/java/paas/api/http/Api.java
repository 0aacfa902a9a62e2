package paas.api.http;

import paas.api.dynos.DynoService;
import paas.api.dynos.LogSessionService;
import paas.api.service.Services;

/** Builds the API's routes from the services behind them. */
public final class Api {
    private Api() {
    }

    /**
     * The services that act on running apps: dynos and log streams.
     *
     * @param buildStack where the build stack's preparation stands, for {@code GET /health}; empty when
     *                   paasd does not prepare it (PAAS_PREPARE=off)
     * @param releaseOutputs the links of releases' {@code output_stream_url}; null: none are given
     */
    public record Running(DynoService dynos, LogSessionService logSessions, String apiBaseUrl,
                          paas.api.dynos.RouteBook routes, paas.logs.LogRouter logs,
                          paas.api.orphans.Orphans orphans, paas.api.deploy.ImageDeploys images,
                          java.util.function.Supplier<java.util.Optional<paas.api.prepare.PreparationState>> buildStack,
                          paas.api.dynos.ReleaseOutputLinks releaseOutputs) {
        public Running(DynoService dynos, LogSessionService logSessions, String apiBaseUrl,
                       paas.api.dynos.RouteBook routes, paas.logs.LogRouter logs,
                       paas.api.orphans.Orphans orphans, paas.api.deploy.ImageDeploys images,
                       java.util.function.Supplier<java.util.Optional<paas.api.prepare.PreparationState>> buildStack) {
            this(dynos, logSessions, apiBaseUrl, routes, logs, orphans, images, buildStack, null);
        }
    }

    /**
     * Certificates and their settings ({@code sni-endpoints}, {@code acm}, {@code tls}).
     *
     * @param acmStatuses each hostname's ACM status, by app name
     */
    public record Certificates(paas.api.service.CertificateService service,
                               java.util.function.Function<String, java.util.List<paas.api.tls.AcmStatus>> acmStatuses,
                               java.util.function.Consumer<String> acmRefresh, paas.api.certs.CertificateFeed feed,
                               paas.router.tls.AcmeChallenges challenges) {
    }

    /**
     * What the add-on endpoints run on: add-ons and attachments, pg:backups, and the tools
     * (pg:info, pg:psql and redis:cli sessions, pg:reset).
     */
    public record Addons(paas.api.addons.AddonService service, paas.api.addons.PgBackups backups,
                         paas.api.addons.AddonTools tools) {
    }

    /** The control plane alone: no dyno or log-session endpoints. */
    public static Endpoints endpoints(Services services, Json json, String gitBaseUrl, String webUrlTemplate) {
        return endpoints(services, json, gitBaseUrl, webUrlTemplate, null);
    }

    public static Endpoints endpoints(Services services, Json json, String gitBaseUrl, String webUrlTemplate,
                                      Running running) {
        return endpoints(services, json, gitBaseUrl, webUrlTemplate, running, null);
    }

    public static Endpoints endpoints(Services services, Json json, String gitBaseUrl, String webUrlTemplate,
                                      Running running, Certificates certificates) {
        return endpoints(services, json, gitBaseUrl, webUrlTemplate, running, certificates, new Addons(null, null, null));
    }

    /** @param addons the add-on endpoints ({@code /addons}, {@code /addon-attachments}); none when null */
    public static Endpoints endpoints(Services services, Json json, String gitBaseUrl, String webUrlTemplate,
                                      Running running, Certificates certificates,
                                      paas.api.addons.AddonService addons) {
        return endpoints(services, json, gitBaseUrl, webUrlTemplate, running, certificates,
                new Addons(addons, null, null));
    }

    /** @param addons the add-on endpoints; a part that is null is not served */
    public static Endpoints endpoints(Services services, Json json, String gitBaseUrl, String webUrlTemplate,
                                      Running running, Certificates certificates, Addons addons) {
        Endpoints.Builder routes = Endpoints.builder();
        if (addons.service() != null) {
            new AddonsApi(addons.service(), json).register(routes);
        }
        if (addons.backups() != null) {
            new PgBackupsApi(addons.backups(), json).register(routes);
        }
        if (addons.tools() != null) {
            new AddonToolsApi(addons.tools(), json, running == null ? null : running.apiBaseUrl()).register(routes);
        }
        if (certificates != null) {
            new SniEndpointsApi(certificates.service(), certificates.acmStatuses(), certificates.acmRefresh(), json)
                    .register(routes);
            new RouterCertificatesApi(certificates.feed(), certificates.challenges()).register(routes);
        }
        new AccountApi(services.accounts(), json, running == null ? java.util.Optional::empty : running.buildStack())
                .register(routes);
        new AppsApi(services.apps(), services.releases(), services.builds(), json, gitBaseUrl, webUrlTemplate).register(routes);
        new CollaboratorsApi(services.collaborators(), services.transfers(), json).register(routes);
        new ReleasesApi(services.config(), services.releases(), services.apps(), running == null ? null : running.images(),
                running == null ? null : running.releaseOutputs(), json)
                .register(routes);
        new FormationApi(services.formation(), services.apps(), json).register(routes);
        new DomainsApi(services.domains(), json).register(routes);
        new BuildsApi(services.builds(), json).register(routes);
        new LogsApi(running == null ? null : running.logSessions(), services.drains(), json,
                running == null ? null : running.apiBaseUrl()).register(routes);
        if (running != null) {
            new DynosApi(running.dynos(), json, running.apiBaseUrl()).register(routes);
            new RouterApi(running.routes(), running.logs(), json).register(routes);
            new AdminApi(running.orphans()).register(routes);
        }
        return routes.build();
    }
}
