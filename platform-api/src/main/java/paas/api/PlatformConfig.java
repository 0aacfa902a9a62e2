package paas.api;

import paas.api.domain.Quotas;
import paas.api.http.ApiRateLimit;
import paas.api.store.DatabaseUrl;
import paas.api.store.PlatformKey;
import paas.process.docker.HostFirewall;
import paas.vocabulary.Hostname;

import java.nio.file.InvalidPathException;
import java.time.Duration;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * paasd's whole configuration, read from the environment once at start. Every value is checked
 * here; a bad one stops paasd with a message naming the variable and what it accepts.
 */
public record PlatformConfig(Path dataDir, DatabaseUrl database, String apiHost, int apiPort, int routerPort,
                             String domain, String adminEmail, Optional<String> adminToken, Quotas quotas,
                             Duration buildTimeout, long maxSlugBytes, String dockerHost, Optional<String> runtime,
                             boolean allowLocalDrains, Duration bootTimeout, Duration stopGrace,
                             java.util.List<Path> buildpackDirs, Duration orphanGrace, boolean embeddedRouter,
                             HostIsolation isolation, Optional<PlatformKey> secretKey,
                             Optional<PlatformKey> oldSecretKey, Tls tls, Backups backups, boolean prepare,
                             ApiRateLimit.Policy apiRateLimit) {

    /**
     * pg:backups: how many backups of each kind an app keeps per database ({@code PAAS_BACKUP_KEEP_MANUAL},
     * {@code PAAS_BACKUP_KEEP_SCHEDULED}, 7 each), and how often the scheduler looks for due schedules
     * ({@code PAAS_BACKUP_SCHEDULE_TICK_SECONDS}, 60; less only for tests).
     */
    public record Backups(int keepManual, int keepScheduled, Duration scheduleTick) {
    }

    /**
     * The router's TLS port and certificates.
     *
     * @param routerTlsPort        {@code PAAS_ROUTER_TLS_PORT}; empty: no TLS port
     * @param certFile             {@code PAAS_TLS_CERT_FILE}: the operator's certificate for {@code *.PAAS_DOMAIN}
     * @param keyFile              {@code PAAS_TLS_KEY_FILE}: its key
     * @param allowSelfSigned      {@code PAAS_ALLOW_SELF_SIGNED_CERTS=on}: apps may add self-signed or private-CA certificates
     * @param acmeDirectory        {@code PAAS_ACME_DIRECTORY}: the ACME server (acme4j URI or https URL)
     * @param acmeEmail            {@code PAAS_ACME_EMAIL}: the account's contact
     * @param acmeCaBundle         {@code PAAS_ACME_CA_BUNDLE}: PEM roots trusted for the ACME server's HTTPS (a test CA)
     * @param apiHostname          {@code PAAS_API_HOSTNAME}: the name the router sends to paasd's API and git (api.PAAS_DOMAIN)
     * @param acmeCheckInterval    {@code PAAS_ACME_CHECK_INTERVAL_SECONDS}: how often ACM looks for certificates to
     *                             renew (those expiring within 30 days) and retries failed orders; a day by default
     */
    public record Tls(Optional<Integer> routerTlsPort, Optional<Path> certFile, Optional<Path> keyFile,
                      boolean allowSelfSigned, java.net.URI acmeDirectory, Optional<String> acmeEmail,
                      Optional<Path> acmeCaBundle, String apiHostname, Duration acmeCheckInterval) {
    }

    /**
     * Whether paasd installs the host firewall that keeps builds and dynos from the host's services
     * ({@code PAAS_HOST_FIREWALL}), and which host ports they may reach besides the router's
     * ({@code PAAS_ISOLATION_ALLOW_HOST_PORTS}, e.g. a PostgreSQL or package mirror on the host).
     */
    public record HostIsolation(boolean firewall, java.util.List<HostFirewall.PortRange> allowedHostPorts) {
    }

    /** The dyno runtimes {@code PAAS_RUNTIME} may name; unset means docker, waiting for the engine when none answers at start. */
    public static final java.util.Set<String> RUNTIMES = java.util.Set.of("docker", "local");


    /** A variable with a value paasd cannot use. */
    public static final class Invalid extends RuntimeException {
        public Invalid(String variable, String value, String rule) {
            super(variable + "=" + value + " is not valid: " + rule);
        }
    }

    public static PlatformConfig fromEnvironment(Map<String, String> env) {
        Path dataDir = path(env, "PAAS_DATA_DIR", "./.paas-data");
        DatabaseUrl database;
        try {
            database = DatabaseUrl.parse(env.get("DATABASE_URL"), dataDir);
        } catch (IllegalArgumentException e) {
            throw new Invalid("DATABASE_URL", redact(env.get("DATABASE_URL")), e.getMessage());
        }
        String host = value(env, "PAAS_API_HOST", "0.0.0.0");
        int apiPort = port(env, "PAAS_API_PORT", 5000);
        int routerPort = port(env, "PAAS_ROUTER_PORT", 8080);
        String domain = value(env, "PAAS_DOMAIN", "localhost");
        // At most 200: an app's name and a dot go in front of it, and a hostname has at most 253 characters.
        if (domain.length() > 200 || !Hostname.isDnsName(domain, 1)) {
            throw new Invalid("PAAS_DOMAIN", domain, "use a lowercase DNS name such as localhost or apps.example.com");
        }
        String adminEmail = value(env, "PAAS_ADMIN_EMAIL", "admin@localhost");
        if (!adminEmail.matches("[^@\\s]+@[^@\\s]+")) {
            throw new Invalid("PAAS_ADMIN_EMAIL", adminEmail, "use an address like admin@example.com");
        }
        Optional<String> adminToken = Optional.ofNullable(env.get("PAAS_ADMIN_TOKEN")).filter(s -> !s.isEmpty());
        if (adminToken.isPresent() && (adminToken.get().length() < 20 || adminToken.get().length() > 200
                || !adminToken.get().matches("[\\x21-\\x7e]+"))) {
            throw new Invalid("PAAS_ADMIN_TOKEN", "(hidden)", "use 20 to 200 printable characters without spaces"
                    + " (e.g. from `openssl rand -hex 32`), or unset it to have one generated");
        }
        Quotas defaults = Quotas.defaults();
        Quotas quotas = new Quotas(integer(env, "PAAS_MAX_APPS_PER_USER", defaults.appsPerUser(), 1, 100_000),
                integer(env, "PAAS_MAX_DYNOS_PER_TYPE", defaults.dynosPerType(), 1, 10_000),
                integer(env, "PAAS_MAX_DYNOS_PER_APP", defaults.dynosPerApp(), 1, 100_000),
                integer(env, "PAAS_MAX_DYNOS", defaults.dynosOnHost(), 1, 1_000_000));
        Duration buildTimeout = Duration.ofMinutes(integer(env, "PAAS_BUILD_TIMEOUT_MINUTES", 15, 1, 24 * 60));
        long maxSlugBytes = integer(env, "PAAS_MAX_SLUG_MB", 500, 1, 100_000) * 1024L * 1024L;
        String dockerHost = value(env, "DOCKER_HOST", "unix:///var/run/docker.sock");
        if (!dockerHost.matches("(unix|tcp)://.+")) {
            throw new Invalid("DOCKER_HOST", dockerHost, "use unix:///var/run/docker.sock or tcp://HOST:PORT");
        }
        Optional<String> runtime = Optional.ofNullable(env.get("PAAS_RUNTIME")).filter(s -> !s.isEmpty());
        if (runtime.isPresent() && !RUNTIMES.contains(runtime.get())) {
            throw new Invalid("PAAS_RUNTIME", runtime.get(), "use docker or local, or unset it to pick docker when"
                    + " an engine answers");
        }
        // The outbound policy's single-machine escape hatch, for drains only: loopback, private
        // networks and this host become drain targets. Buildpack URLs never get it (a local
        // buildpack goes in PAAS_BUILDPACK_DIRS); link-local, multicast and broadcast stay refused.
        String allowLocal = value(env, "PAAS_ALLOW_LOCAL_DRAINS", "false");
        if (!allowLocal.equals("true") && !allowLocal.equals("false")) {
            throw new Invalid("PAAS_ALLOW_LOCAL_DRAINS", allowLocal, "use true or false");
        }
        Duration bootTimeout = Duration.ofSeconds(integer(env, "PAAS_BOOT_TIMEOUT_SECONDS", 60, 1, 3600));
        Duration stopGrace = Duration.ofSeconds(integer(env, "PAAS_STOP_GRACE_SECONDS", 30, 1, 3600));
        java.util.List<Path> buildpackDirs = new java.util.ArrayList<>();
        for (String dir : value(env, "PAAS_BUILDPACK_DIRS", "").split(":")) {
            if (!dir.isBlank()) {
                Path p = Path.of(dir.strip());
                if (!p.isAbsolute()) {
                    throw new Invalid("PAAS_BUILDPACK_DIRS", dir, "use absolute directory paths separated by ':'");
                }
                buildpackDirs.add(p.normalize());
            }
        }
        // At least an hour: long enough to notice the warning and restore a store before anything goes.
        Duration orphanGrace = Duration.ofHours(integer(env, "PAAS_ORPHAN_GRACE_HOURS", 24, 1, 24 * 365));
        // Off where `paasd router` runs as a service of its own (deploy/paas-router.service), so that
        // traffic never depends on this process being up; embedded is the one-process platform of bin/paasd.
        String router = value(env, "PAAS_ROUTER", "embedded");
        if (!router.equals("embedded") && !router.equals("off")) {
            throw new Invalid("PAAS_ROUTER", router, "use embedded (paasd serves PAAS_ROUTER_PORT itself) or off"
                    + " (a separate `paasd router` does)");
        }
        String firewall = value(env, "PAAS_HOST_FIREWALL", "on");
        if (!firewall.equals("on") && !firewall.equals("off")) {
            throw new Invalid("PAAS_HOST_FIREWALL", firewall, "use on (paasd keeps builds and dynos from this host's"
                    + " services) or off (you enforce that yourself; see docs/security.md)");
        }
        java.util.List<HostFirewall.PortRange> allowedHostPorts = new java.util.ArrayList<>();
        for (String ports : value(env, "PAAS_ISOLATION_ALLOW_HOST_PORTS", "").split(",")) {
            if (!ports.isBlank()) {
                try {
                    allowedHostPorts.add(HostFirewall.PortRange.parse(ports));
                } catch (IllegalArgumentException e) {
                    throw new Invalid("PAAS_ISOLATION_ALLOW_HOST_PORTS", ports, "use ports and ranges separated by"
                            + " commas, such as 5432,47000-47099");
                }
            }
        }
        // Unset: the key file in the data dir (PlatformKeys). _OLD: the key a rotation moves away from.
        Optional<PlatformKey> secretKey = platformKey(env, "PAAS_SECRET_KEY");
        Optional<PlatformKey> oldSecretKey = platformKey(env, "PAAS_SECRET_KEY_OLD");
        if (secretKey.isPresent() && secretKey.equals(oldSecretKey)) {
            throw new Invalid("PAAS_SECRET_KEY_OLD", "(hidden)", "it is the same key as PAAS_SECRET_KEY; set it to"
                    + " the key the store was sealed with before, or unset it");
        }
        Tls tls = tls(env, domain);
        // On: paasd installs and starts the engine and builds the stack images when they are missing.
        String prepare = value(env, "PAAS_PREPARE", "on");
        if (!prepare.equals("on") && !prepare.equals("off")) {
            throw new Invalid("PAAS_PREPARE", prepare, "use on (paasd starts the Docker engine and builds the stack"
                    + " images when they are missing) or off (you manage them; see docs/operations.md)");
        }
        return new PlatformConfig(dataDir, database, host, apiPort, routerPort, domain, adminEmail, adminToken, quotas,
                buildTimeout, maxSlugBytes, dockerHost, runtime, allowLocal.equals("true"), bootTimeout, stopGrace,
                java.util.List.copyOf(buildpackDirs), orphanGrace, router.equals("embedded"),
                new HostIsolation(firewall.equals("on"), java.util.List.copyOf(allowedHostPorts)), secretKey,
                oldSecretKey, tls, new Backups(integer(env, "PAAS_BACKUP_KEEP_MANUAL", 7, 1, 1000),
                        integer(env, "PAAS_BACKUP_KEEP_SCHEDULED", 7, 1, 1000),
                        Duration.ofSeconds(integer(env, "PAAS_BACKUP_SCHEDULE_TICK_SECONDS", 60, 1, 3600))),
                prepare.equals("on"), apiRateLimit(env));
    }

    /** Heroku's numbers by default: a pool of 4500 request tokens per user, refilled at 75 a minute. */
    private static ApiRateLimit.Policy apiRateLimit(Map<String, String> env) {
        ApiRateLimit.Policy heroku = ApiRateLimit.Policy.defaults();
        return new ApiRateLimit.Policy(integer(env, "PAAS_API_RATE_LIMIT", heroku.capacity(), 1, 100_000_000),
                integer(env, "PAAS_API_RATE_LIMIT_PER_MINUTE", heroku.perMinute(), 1, 100_000_000));
    }

    private static Tls tls(Map<String, String> env, String domain) {
        Optional<Integer> tlsPort = Optional.ofNullable(env.get("PAAS_ROUTER_TLS_PORT")).filter(s -> !s.isEmpty())
                .map(v -> port(env, "PAAS_ROUTER_TLS_PORT", 0));
        Optional<Path> certFile = optionalPath(env, "PAAS_TLS_CERT_FILE");
        Optional<Path> keyFile = optionalPath(env, "PAAS_TLS_KEY_FILE");
        if (certFile.isPresent() != keyFile.isPresent()) {
            throw new Invalid(certFile.isPresent() ? "PAAS_TLS_KEY_FILE" : "PAAS_TLS_CERT_FILE", "",
                    "set both PAAS_TLS_CERT_FILE and PAAS_TLS_KEY_FILE (the wildcard certificate for *." + domain
                            + " and its key), or neither");
        }
        String selfSigned = value(env, "PAAS_ALLOW_SELF_SIGNED_CERTS", "off");
        if (!selfSigned.equals("on") && !selfSigned.equals("off")) {
            throw new Invalid("PAAS_ALLOW_SELF_SIGNED_CERTS", selfSigned, "use on or off");
        }
        String directory = value(env, "PAAS_ACME_DIRECTORY", "acme://letsencrypt.org");
        java.net.URI acme;
        try {
            acme = java.net.URI.create(directory);
            if (!java.util.Set.of("acme", "https", "http").contains(String.valueOf(acme.getScheme()))) {
                throw new IllegalArgumentException("scheme");
            }
        } catch (IllegalArgumentException e) {
            throw new Invalid("PAAS_ACME_DIRECTORY", directory, "use an ACME directory URL such as"
                    + " https://acme-v02.api.letsencrypt.org/directory or acme://letsencrypt.org");
        }
        Optional<String> email = Optional.ofNullable(env.get("PAAS_ACME_EMAIL")).filter(s -> !s.isEmpty());
        if (email.isPresent() && !email.get().matches("[^@\\s]+@[^@\\s]+")) {
            throw new Invalid("PAAS_ACME_EMAIL", email.get(), "use an address like ops@example.com");
        }
        String apiHostname = value(env, "PAAS_API_HOSTNAME", "api." + domain);
        if (!Hostname.isDnsName(apiHostname, 1)) {
            throw new Invalid("PAAS_API_HOSTNAME", apiHostname, "use a DNS name such as api." + domain);
        }
        // At least a second (tests wait for the scheduled renewal); at most a week, so a certificate in its last
        // 30 days gets several tries before it expires. Each check retries a failing order, so production keeps hours.
        Duration acmeCheck = Duration.ofSeconds(integer(env, "PAAS_ACME_CHECK_INTERVAL_SECONDS", 24 * 3600, 1,
                7 * 24 * 3600));
        return new Tls(tlsPort, certFile, keyFile, selfSigned.equals("on"), acme, email,
                optionalPath(env, "PAAS_ACME_CA_BUNDLE"), apiHostname, acmeCheck);
    }

    private static Optional<Path> optionalPath(Map<String, String> env, String name) {
        String v = env.get(name);
        if (v == null || v.isEmpty()) {
            return Optional.empty();
        }
        try {
            Path p = Path.of(v);
            if (!p.isAbsolute()) {
                throw new Invalid(name, v, "use an absolute file path");
            }
            return Optional.of(p.normalize());
        } catch (InvalidPathException e) {
            throw new Invalid(name, v, "use an absolute file path");
        }
    }

    private static Optional<PlatformKey> platformKey(Map<String, String> env, String name) {
        String v = env.get(name);
        if (v == null || v.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(PlatformKey.parse(v));
        } catch (IllegalArgumentException e) {
            throw new Invalid(name, "(hidden)", e.getMessage());
        }
    }

    private static String value(Map<String, String> env, String name, String fallback) {
        String v = env.get(name);
        return v == null || v.isEmpty() ? fallback : v;
    }

    private static Path path(Map<String, String> env, String name, String fallback) {
        String v = value(env, name, fallback);
        try {
            return Path.of(v).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            throw new Invalid(name, v, "use a directory path");
        }
    }

    private static int port(Map<String, String> env, String name, int fallback) {
        return integer(env, name, fallback, 0, 65535);
    }

    private static int integer(Map<String, String> env, String name, int fallback, int min, int max) {
        String v = env.get(name);
        if (v == null || v.isEmpty()) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(v.strip());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new Invalid(name, v, "use a whole number from " + min + " to " + max);
    }

    private static String redact(String url) {
        return url == null ? "" : url.replaceAll("//([^:/@]*):[^@]*@", "//$1:***@");
    }

    /** The API's base URL as clients reach it (log and run session URLs start with it). */
    public String apiBaseUrl() {
        return "http://" + domain + ":" + apiPort;
    }

    /** Where git remotes point; {@code PAAS_DOMAIN} names this host for clients. */
    public String gitBaseUrl() {
        return apiBaseUrl();
    }

    /** The web URL of an app, with {@code %s} for its default hostname. */
    public String webUrlTemplate() {
        return "http://%s" + (routerPort == 80 ? "" : ":" + routerPort) + "/";
    }
}
