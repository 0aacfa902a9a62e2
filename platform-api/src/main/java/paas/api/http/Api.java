package paas.api.http;

import paas.api.service.AccountService;
import paas.api.service.AppService;
import paas.api.service.ConfigService;
import paas.api.service.DomainService;
import paas.api.service.FormationService;
import paas.api.service.ReleaseService;

/** Builds the API's routes from the services behind them. */
public final class Api {
    private Api() {
    }

    public static Endpoints endpoints(AccountService accounts, AppService apps, ConfigService config,
                                      ReleaseService releases, FormationService formation, DomainService domains,
                                      Json json, String gitBaseUrl, String webUrlTemplate) {
        Endpoints.Builder routes = Endpoints.builder();
        new AccountApi(accounts, json).register(routes);
        new AppsApi(apps, json, gitBaseUrl, webUrlTemplate).register(routes);
        new ReleasesApi(config, releases, json).register(routes);
        new FormationApi(formation, json).register(routes);
        new DomainsApi(domains, json).register(routes);
        return routes.build();
    }
}
