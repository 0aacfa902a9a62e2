package paas.api.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import paas.api.domain.Certificate;
import paas.api.domain.Domain;
import paas.api.domain.TlsSettings;
import paas.api.service.CertificateService;
import paas.api.tls.AcmStatus;
import paas.api.tls.HostnameMatch;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/**
 * {@code /apps/{app}/sni-endpoints} (Heroku's certificates: list, add, info, update, remove) and
 * {@code /apps/{app}/acm} (automated certificates: status, enable, disable) and
 * {@code /apps/{app}/tls} (the HTTPS-only redirect). A private key is taken, never returned.
 */
final class SniEndpointsApi {
    private final CertificateService certificates;
    private final Function<String, List<AcmStatus>> acmStatuses;
    private final java.util.function.Consumer<String> acmRefresh;
    private final Json json;

    /** @param acmStatuses each hostname's ACM status, by app name */
    SniEndpointsApi(CertificateService certificates, Function<String, List<AcmStatus>> acmStatuses,
                    java.util.function.Consumer<String> acmRefresh, Json json) {
        this.acmRefresh = acmRefresh;
        this.certificates = certificates;
        this.acmStatuses = acmStatuses;
        this.json = json;
    }

    record SslCert(UUID id, List<String> certDomains, Instant startsAt, Instant expiresAt, String issuer,
                   String subject, boolean caSigned, boolean selfSigned, boolean acm) {
    }

    record AppRef(UUID id) {
    }

    record SniEndpointView(UUID id, String name, String displayName, String certificateChain, List<String> domains,
                           SslCert sslCert, AppRef app, Instant createdAt, Instant updatedAt) {
    }

    record AcmDomainView(String hostname, String acmStatus, String acmStatusReason, Instant updatedAt) {
    }

    record AcmView(boolean acm, List<AcmDomainView> domains) {
    }

    record TlsView(boolean acm, boolean httpsOnly) {
        static TlsView of(TlsSettings s) {
            return new TlsView(s.acm(), s.httpsOnly());
        }
    }

    void register(Endpoints.Builder routes) {
        routes.get("/apps/{app}/sni-endpoints", r -> {
                    List<Domain> domains = certificates.domains(r.caller(), r.param("app"));
                    return ApiResponse.ok(certificates.list(r.caller(), r.param("app")).stream()
                            .map(c -> view(c, domains)).toList());
                })
                .post("/apps/{app}/sni-endpoints", r -> {
                    ObjectNode body = pem(r);
                    Certificate added = certificates.add(r.caller(), r.param("app"),
                            Body.requiredText(body, "certificate_chain"), Body.requiredText(body, "private_key"));
                    return ApiResponse.created(view(added, certificates.domains(r.caller(), r.param("app"))));
                })
                .get("/apps/{app}/sni-endpoints/{endpoint}", r -> ApiResponse.ok(view(
                        certificates.get(r.caller(), r.param("app"), r.param("endpoint")),
                        certificates.domains(r.caller(), r.param("app")))))
                .patch("/apps/{app}/sni-endpoints/{endpoint}", r -> {
                    ObjectNode body = pem(r);
                    Certificate updated = certificates.update(r.caller(), r.param("app"), r.param("endpoint"),
                            Body.requiredText(body, "certificate_chain"), Body.requiredText(body, "private_key"));
                    return ApiResponse.ok(view(updated, certificates.domains(r.caller(), r.param("app"))));
                })
                .delete("/apps/{app}/sni-endpoints/{endpoint}", r -> ApiResponse.ok(view(
                        certificates.remove(r.caller(), r.param("app"), r.param("endpoint")), List.of())))
                .get("/apps/{app}/acm", r -> acm(r.param("app"), certificates.settings(r.caller(), r.param("app"))))
                .post("/apps/{app}/acm", r -> acm(r.param("app"),
                        certificates.setAcm(r.caller(), r.param("app"), true)))
                .patch("/apps/{app}/acm", r -> {
                    ObjectNode body = json.readObject(r.body());
                    Body.onlyFields(body, Set.of("acm_refresh"));
                    TlsSettings settings = certificates.settings(r.caller(), r.param("app"));
                    if (!settings.acm()) {
                        throw new paas.api.domain.PlatformException.InvalidParams("ACM is off for this app: turn it on"
                                + " with `paas certs:auto:enable`");
                    }
                    if (Body.bool(body, "acm_refresh").orElse(false)) {
                        acmRefresh.accept(r.param("app"));
                    }
                    return acm(r.param("app"), settings);
                })
                .delete("/apps/{app}/acm", r -> acm(r.param("app"),
                        certificates.setAcm(r.caller(), r.param("app"), false)))
                .get("/apps/{app}/tls", r -> ApiResponse.ok(TlsView.of(certificates.settings(r.caller(), r.param("app")))))
                .patch("/apps/{app}/tls", r -> {
                    ObjectNode body = json.readObject(r.body());
                    Body.onlyFields(body, Set.of("https_only"));
                    boolean on = Body.bool(body, "https_only").orElseThrow(() ->
                            new paas.api.domain.PlatformException.InvalidParams("send {\"https_only\": true} or false"));
                    return ApiResponse.ok(TlsView.of(certificates.setHttpsOnly(r.caller(), r.param("app"), on)));
                });
    }

    private ObjectNode pem(ApiRequest r) {
        ObjectNode body = json.readObject(r.body());
        Body.onlyFields(body, Set.of("certificate_chain", "private_key"));
        return body;
    }

    private ApiResponse acm(String app, TlsSettings settings) {
        List<AcmDomainView> domains = settings.acm() ? acmStatuses.apply(app).stream()
                .map(s -> new AcmDomainView(s.hostname(), s.status(), s.reason(), s.updatedAt())).toList() : List.of();
        return ApiResponse.ok(new AcmView(settings.acm(), domains));
    }

    static SniEndpointView view(Certificate c, List<Domain> domains) {
        List<String> served = domains.stream().filter(d -> HostnameMatch.anyCovers(c.hostnames(), d.hostname().value()))
                .map(d -> d.hostname().value()).toList();
        boolean selfSigned = c.subject().equals(c.issuer());
        return new SniEndpointView(c.id(), c.name(), c.name(), c.chainPem(), served,
                new SslCert(c.id(), c.hostnames(), c.notBefore(), c.notAfter(), c.issuer(), c.subject(), c.trusted(),
                        selfSigned, c.source() == Certificate.Source.ACME),
                new AppRef(c.appId()), c.createdAt(), c.updatedAt());
    }
}
