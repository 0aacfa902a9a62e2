package paas.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import paas.api.dynos.RouteBook;
import paas.router.Backend;
import paas.router.Route;
import paas.router.RouteTable;
import paas.router.RouterConfig;
import paas.router.RouterLogLine;
import paas.router.proxy.RouterServer;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code paasd router}: one more router for a platform, as a process of its own (on this host or
 * another that reaches the dynos). It serves {@code PAAS_ROUTER_PORT} from the route state the
 * platform's paasd keeps, read with a long poll of {@code GET /router/routes}, and sends its
 * request log lines back with {@code POST /router/log-lines}, so they land in the apps' streams.
 * While the API cannot be reached, or paasd has restarted but not yet adopted its dynos, it keeps
 * serving the routes it last had ({@link RouteFollower}); it needs nothing from paasd to serve.
 */
final class RouterProcess {
    private static final Logger log = LoggerFactory.getLogger("router");
    private static final int LOG_QUEUE = 20_000;

    private final URI api;
    private final String token;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper json = new ObjectMapper();
    private final BlockingQueue<RouterLogLine> lines = new ArrayBlockingQueue<>(LOG_QUEUE);
    private final AtomicLong droppedLines = new AtomicLong();
    private volatile boolean stopping;

    private RouterProcess(URI api, String token) {
        this.api = api;
        this.token = token;
    }

    static int run(Map<String, String> env) {
        String token = env.getOrDefault("PAAS_ROUTER_TOKEN", "");
        if (token.isBlank()) {
            log.error("cannot start: PAAS_ROUTER_TOKEN is not set: give the router an admin's API token");
            return 1;
        }
        URI api;
        int port;
        String domain = env.getOrDefault("PAAS_DOMAIN", "localhost");
        try {
            api = URI.create(env.getOrDefault("PAAS_API_URL", "http://127.0.0.1:" + env.getOrDefault("PAAS_API_PORT", "5000")));
            if (!"http".equals(api.getScheme()) && !"https".equals(api.getScheme())) {
                throw new IllegalArgumentException("use http:// or https://");
            }
            port = Integer.parseInt(env.getOrDefault("PAAS_ROUTER_PORT", "8080"));
        } catch (IllegalArgumentException e) {
            log.error("cannot start: PAAS_API_URL or PAAS_ROUTER_PORT is not valid: {}", e.getMessage());
            return 1;
        }
        java.util.Optional<Integer> tlsPort;
        try {
            tlsPort = java.util.Optional.ofNullable(env.get("PAAS_ROUTER_TLS_PORT")).filter(v -> !v.isBlank())
                    .map(v -> Integer.parseInt(v.strip()));
        } catch (NumberFormatException e) {
            log.error("cannot start: PAAS_ROUTER_TLS_PORT={} is not a port number: use 443, or unset it",
                    env.get("PAAS_ROUTER_TLS_PORT"));
            return 1;
        }
        RouterProcess process = new RouterProcess(api, token);
        RouteTable table = new RouteTable(domain);
        paas.router.tls.CertificateBook certificates = new paas.router.tls.CertificateBook();
        paas.router.tls.AcmeChallenges challenges = new paas.router.tls.AcmeChallenges();
        RouterServer server;
        try {
            if (tlsPort.isPresent()) {
                // Until paasd answers, the TLS port presents a certificate of its own rather than none.
                var self = paas.api.tls.CertificateMaker.selfSigned(List.of("*." + domain, domain), 1, java.time.Instant.now());
                certificates.setFallback(new paas.router.tls.ServerCertificate(self.key(), self.chain()));
            }
            server = RouterServer.start(RouterConfig.defaults().withListen("0.0.0.0", port), table, process::queue,
                    tlsPort.map(p -> new paas.router.tls.RouterTls("0.0.0.0", p, certificates, Duration.ofSeconds(10))),
                    challenges);
        } catch (Exception e) {
            log.error("cannot start: cannot listen on port {} (PAAS_ROUTER_PORT) or {} (PAAS_ROUTER_TLS_PORT): {}",
                    port, tlsPort.map(String::valueOf).orElse("none"), e.getMessage());
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Thread routesLoop = Thread.ofVirtual().name("routes").start(
                new RouteFollower(process::poll, table, Thread::sleep, api.toString()));
        Thread linesLoop = Thread.ofVirtual().name("router-lines").start(process::sendLines);
        Thread certificatesLoop = Thread.ofVirtual().name("certificates").start(
                new CertificateFollower(process::pollCertificates, certificates, challenges));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            process.stopping = true;
            server.close();
            routesLoop.interrupt();
            certificatesLoop.interrupt();
            linesLoop.interrupt();
            log.info("router stopped");
            stopped.countDown();
        }, "router-shutdown"));
        log.info("router listening on :{} for the platform at {} domain={} transport={}", server.port(), api, domain,
                server.transport());
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    private void queue(RouterLogLine line) {
        if (!lines.offer(line)) {
            droppedLines.incrementAndGet();
        }
    }

    /**
     * One long poll of {@code GET /router/routes}. Anything but a 200 with a snapshot throws, so
     * the follower keeps its table: a 503 is paasd still adopting its dynos after a restart.
     */
    private RouteBook.Snapshot poll(String generation, long after) throws Exception {
        String query = "/router/routes?after=" + after + (generation == null ? "" : "&generation=" + generation);
        HttpResponse<String> response = http.send(request(query).timeout(Duration.ofSeconds(40)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET /router/routes answered " + response.statusCode() + ": "
                    + response.body());
        }
        JsonNode body = json.readTree(response.body());
        return new RouteBook.Snapshot(body.path("generation").asText(), body.path("version").asLong(),
                routes(body.path("routes")));
    }

    /** One long poll of {@code GET /router/certificates}; anything but a 200 throws and the follower keeps what it has. */
    private CertificateFollower.Answer pollCertificates(long after) throws Exception {
        HttpResponse<String> response = http.send(request("/router/certificates?after=" + after)
                .timeout(Duration.ofSeconds(40)).GET().build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET /router/certificates answered " + response.statusCode());
        }
        JsonNode body = json.readTree(response.body());
        Map<String, paas.api.certs.CertificateFeed.Pem> certs = new java.util.HashMap<>();
        body.path("certificates").properties().forEach(e -> certs.put(e.getKey(), pem(e.getValue())));
        Map<String, String> answers = new java.util.HashMap<>();
        body.path("challenges").properties().forEach(e -> answers.put(e.getKey(), e.getValue().asText()));
        return new CertificateFollower.Answer(body.path("version").asLong(),
                body.path("fallback").isObject() ? pem(body.path("fallback")) : null, certs, answers);
    }

    private static paas.api.certs.CertificateFeed.Pem pem(JsonNode node) {
        return new paas.api.certs.CertificateFeed.Pem(node.path("chain").asText(), node.path("key").asText());
    }

    private List<Route> routes(JsonNode routes) {
        List<Route> out = new ArrayList<>();
        for (JsonNode r : routes) {
            Set<String> hostnames = new HashSet<>();
            r.path("hostnames").forEach(h -> hostnames.add(h.asText()));
            List<Backend> backends = new ArrayList<>();
            r.path("backends").forEach(b -> backends.add(new Backend(b.path("dyno").asText(), b.path("host").asText(),
                    b.path("port").asInt())));
            out.add(new Route(r.path("app").asText(), hostnames, backends, r.path("maintenance").asBoolean(),
                    unavailable(r.path("unavailable").asText())).withHttpsOnly(r.path("https_only").asBoolean()));
        }
        return out;
    }

    /** An unknown reason (a platform of another version) is served as a crash: 503, never a wait. */
    private static Route.Unavailable unavailable(String name) {
        for (Route.Unavailable u : Route.Unavailable.values()) {
            if (u.name().equals(name)) {
                return u;
            }
        }
        return Route.Unavailable.CRASHED;
    }

    private void sendLines() {
        List<RouterLogLine> batch = new ArrayList<>();
        while (!stopping) {
            try {
                RouterLogLine first = lines.poll(1, TimeUnit.SECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                lines.drainTo(batch, 999);
                ObjectNode body = json.createObjectNode();
                ArrayNode array = body.putArray("lines");
                for (RouterLogLine l : batch) {
                    array.addObject().put("app", l.app()).put("time", l.time().toString()).put("text", l.text());
                }
                HttpResponse<String> response = http.send(request("/router/log-lines")
                        .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body))).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() != 200) {
                    log.warn("router log lines refused ({}): {}", response.statusCode(), response.body());
                }
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                // The platform is away: these lines are lost, and counted, rather than held without bound.
                droppedLines.addAndGet(batch.size());
                log.warn("cannot send {} router log lines ({}); {} dropped so far", batch.size(), e.getMessage(),
                        droppedLines.get());
            }
            batch.clear();
        }
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(api.resolve(path)).header("Authorization", "Bearer " + token)
                .header("Accept", "application/json");
    }
}
