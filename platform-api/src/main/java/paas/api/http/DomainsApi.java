package paas.api.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import paas.api.service.DomainService;

import java.util.Set;

/** {@code /apps/{app}/domains}: list, add, remove. */
final class DomainsApi {
    private final DomainService domains;
    private final Json json;

    DomainsApi(DomainService domains, Json json) {
        this.domains = domains;
        this.json = json;
    }

    void register(Endpoints.Builder routes) {
        routes.get("/apps/{app}/domains", r -> ApiResponse.ok(domains.list(r.caller(), r.param("app")).stream()
                        .map(Views.DomainView::of).toList()))
                .post("/apps/{app}/domains", this::add)
                .delete("/apps/{app}/domains/{domain}", r -> ApiResponse.ok(Views.DomainView.of(
                        domains.remove(r.caller(), r.param("app"), r.param("domain")))));
    }

    private ApiResponse add(ApiRequest r) {
        ObjectNode body = json.readObject(r.body());
        Body.onlyFields(body, Set.of("hostname", "sni_endpoint"));
        return ApiResponse.created(Views.DomainView.of(domains.add(r.caller(), r.param("app"),
                Body.requiredText(body, "hostname"))));
    }
}
