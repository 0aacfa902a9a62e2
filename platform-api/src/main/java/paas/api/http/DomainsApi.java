package paas.api.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import paas.api.domain.Domain;
import paas.api.service.DomainService;

import java.util.List;
import java.util.Set;

/** {@code /apps/{app}/domains}: list, show one, add, remove; in Heroku's shape (see {@link Views.DomainView}). */
final class DomainsApi {
    private final DomainService domains;
    private final Json json;

    DomainsApi(DomainService domains, Json json) {
        this.domains = domains;
        this.json = json;
    }

    void register(Endpoints.Builder routes) {
        routes.get("/apps/{app}/domains", this::list)
                .get("/apps/{app}/domains/{domain}", r -> view(r, domains.get(r.caller(), r.param("app"), r.param("domain"))))
                .post("/apps/{app}/domains", this::add)
                .delete("/apps/{app}/domains/{domain}", this::remove);
    }

    private ApiResponse list(ApiRequest r) {
        List<Domain> all = domains.list(r.caller(), r.param("app"));
        DomainService.DnsTarget target = domains.dnsTarget(r.caller(), r.param("app"));
        return ApiResponse.ok(all.stream().map(d -> Views.DomainView.of(d, target)).toList());
    }

    private ApiResponse view(ApiRequest r, Domain domain) {
        return ApiResponse.ok(Views.DomainView.of(domain, domains.dnsTarget(r.caller(), r.param("app"))));
    }

    // A change reads the app and its DNS target first: once the change commits, its answer must
    // not fail on a destroy or an access removal that came in between.
    private ApiResponse add(ApiRequest r) {
        ObjectNode body = json.readObject(r.body());
        Body.onlyFields(body, Set.of("hostname", "sni_endpoint"));
        DomainService.DnsTarget target = domains.dnsTarget(r.caller(), r.param("app"));
        Domain added = domains.add(r.caller(), r.param("app"), Body.requiredText(body, "hostname"));
        return ApiResponse.created(Views.DomainView.of(added, target));
    }

    private ApiResponse remove(ApiRequest r) {
        DomainService.DnsTarget target = domains.dnsTarget(r.caller(), r.param("app"));
        return ApiResponse.ok(Views.DomainView.of(domains.remove(r.caller(), r.param("app"), r.param("domain")), target));
    }
}
