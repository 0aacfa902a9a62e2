package paas.api.http;

import paas.api.Services;

/** Builds the API's routes from the services behind them. */
public final class Api {
    private Api() {
    }

    public static Endpoints endpoints(Services services, Json json, String gitBaseUrl, String webUrlTemplate) {
        Endpoints.Builder routes = Endpoints.builder();
        new AccountApi(services.accounts(), json).register(routes);
        new AppsApi(services.apps(), json, gitBaseUrl, webUrlTemplate).register(routes);
        new ReleasesApi(services.config(), services.releases(), json).register(routes);
        new FormationApi(services.formation(), json).register(routes);
        new DomainsApi(services.domains(), json).register(routes);
        new BuildsApi(services.builds(), json).register(routes);
        return routes.build();
    }
}
