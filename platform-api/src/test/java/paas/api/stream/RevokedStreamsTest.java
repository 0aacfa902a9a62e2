package paas.api.stream;

import io.netty.channel.ChannelHandler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import paas.api.TestDatabases;
import paas.api.auth.AuthBackoff;
import paas.api.auth.Authenticator;
import paas.api.domain.DynoSizes;
import paas.api.domain.IssuedToken;
import paas.api.domain.Quotas;
import paas.api.domain.User;
import paas.api.http.Api;
import paas.api.http.ApiServer;
import paas.api.http.Json;
import paas.api.service.AppListener;
import paas.api.service.Services;
import paas.api.store.Database;
import paas.logs.DrainPolicy;
import paas.logs.LogLine;
import paas.logs.LogRouterConfig;
import paas.logs.Source;
import paas.logs.TailRequest;
import paas.logs.router.MemoryLogRouter;

import java.io.EOFException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Open streams end when the access they were opened with is taken away, all wired as paasd wires
 * them: the real account service tells the real registry, which closes the real connection.
 */
class RevokedStreamsTest {
    private static final String ADMIN = "admin-token-for-stream-tests";
    /** "Promptly": a revocation is pushed, so well under this. */
    private static final long PROMPT_MS = 2_000;

    private final TestDatabases databases = new TestDatabases();
    private final HttpClient http = HttpClient.newHttpClient();
    private Database db;
    private MemoryLogRouter logs;
    private StreamSessions sessions;
    private ApiServer server;
    private IssuedToken alice;

    @BeforeEach
    void start() throws Exception {
        db = Database.open(databases.newDatabase(TestDatabases.Kind.H2), paas.api.store.TestSecrets.box());
        OpenStreams open = new OpenStreams();
        Services services = Services.wire(db, "paas.test", DynoSizes.standard(), Quotas.defaults(), AppListener.NONE,
                DrainPolicy.allowingLoopback(), open);
        services.accounts().bootstrapAdmin("admin@paas.test", Optional.of(ADMIN));
        User admin = services.accounts().authenticate(ADMIN).orElseThrow();
        alice = services.accounts().createUser(admin, "alice@paas.test");
        for (String app : List.of("shop", "other")) {
            services.apps().create(admin, Optional.of(app));
            services.collaborators().add(admin, app, "alice@paas.test");
        }
        logs = new MemoryLogRouter(LogRouterConfig.defaults());
        Authenticator authenticator = new Authenticator(services.accounts(),
                new AuthBackoff(AuthBackoff.Policy.defaults(), Clock.systemUTC()));
        sessions = new StreamSessions(authenticator, logs, open, services.apps()::get, Clock.systemUTC());
        Json json = new Json();
        ExecutorService workers = ApiServer.newWorkers();
        server = ApiServer.start("127.0.0.1", 0, Api.endpoints(services, json, "http://paas.test", "http://%s/"),
                authenticator, json, new ApiServer.Streaming(
                        List.<Supplier<ChannelHandler>>of(() -> new StreamHandler(sessions, workers, json)),
                        StreamHandler::isBusy), workers);
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
        logs.close();
        db.close();
        databases.close();
    }

    @Test
    void revokingTheTokenEndsItsLogTail() throws Exception {
        logs.publish(new LogLine(Instant.now(), "shop", Source.APP, "web.1", "before"));
        String secret = sessions.newLogSession(alice.user(), new TailRequest("shop", 10, true, Set.of(), null));
        try (Wire wire = new Wire(server.port())) {
            wire.send(Wire.get("/log-sessions/" + secret, alice.secret()));
            assertThat(wire.readHead().status()).isEqualTo(200);
            assertThat(wire.readChunk()).endsWith("app[web.1]: before\n");

            assertThat(api("DELETE", "/oauth/authorizations/" + alice.token().id(), null)).isEqualTo(200);
            long revoked = System.nanoTime();
            assertThat(endOf(wire)).as("cut off, not a clean end of the log").isEqualTo("closed");
            assertThat((System.nanoTime() - revoked) / 1_000_000).isLessThan(PROMPT_MS);
        }
    }

    @Test
    void disablingTheUserEndsTheirOneOffDyno() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch killed = new CountDownLatch(1);
        String secret = sessions.newRunSession(alice.user(), (stdin, stdout, stderr) -> {
            started.countDown();
            try {
                new CountDownLatch(1).await();
                return 0;
            } catch (InterruptedException e) {
                killed.countDown();
                throw e;
            }
        });
        try (Wire wire = new Wire(server.port())) {
            wire.send(Wire.upgrade("/run-sessions/" + secret, alice.secret()));
            assertThat(wire.readHead().status()).isEqualTo(101);
            assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();

            assertThat(api("PATCH", "/users/alice@paas.test", "{\"disabled\":true}")).isEqualTo(200);
            long disabled = System.nanoTime();
            Wire.Frame last = wire.readFrame();
            assertThat(last.type()).isEqualTo(Frames.ERROR);
            assertThat(last.text()).contains("disabled or destroyed");
            assertThat(wire.closedByServer()).isTrue();
            assertThat(killed.await(PROMPT_MS, TimeUnit.MILLISECONDS)).as("the dyno is stopped").isTrue();
            assertThat((System.nanoTime() - disabled) / 1_000_000).isLessThan(PROMPT_MS);
        }
    }

    @Test
    void removingACollaboratorEndsTheirTailOfThatAppOnlyAndTheirUnopenedTickets() throws Exception {
        logs.publish(new LogLine(Instant.now(), "shop", Source.APP, "web.1", "shop line"));
        logs.publish(new LogLine(Instant.now(), "other", Source.APP, "web.1", "other line"));
        String shopTail = sessions.newLogSession(alice.user(), new TailRequest("shop", 10, true, Set.of(), null));
        String otherTail = sessions.newLogSession(alice.user(), new TailRequest("other", 10, true, Set.of(), null));
        String unopened = sessions.newLogSession(alice.user(), new TailRequest("shop", 10, true, Set.of(), null));
        try (Wire shop = new Wire(server.port()); Wire other = new Wire(server.port())) {
            shop.send(Wire.get("/log-sessions/" + shopTail, alice.secret()));
            assertThat(shop.readHead().status()).isEqualTo(200);
            assertThat(shop.readChunk()).endsWith("shop line\n");
            other.send(Wire.get("/log-sessions/" + otherTail, alice.secret()));
            assertThat(other.readHead().status()).isEqualTo(200);
            assertThat(other.readChunk()).endsWith("other line\n");

            assertThat(api("DELETE", "/apps/shop/collaborators/alice@paas.test", null)).isEqualTo(200);
            long removed = System.nanoTime();
            assertThat(endOf(shop)).isEqualTo("closed");
            assertThat((System.nanoTime() - removed) / 1_000_000).isLessThan(PROMPT_MS);

            logs.publish(new LogLine(Instant.now(), "other", Source.APP, "web.1", "still here"));
            assertThat(other.readChunk()).as("a tail of another app goes on").endsWith("still here\n");
        }
        try (Wire late = new Wire(server.port())) {
            late.send(Wire.get("/log-sessions/" + unopened, alice.secret()));
            assertThat(late.readHead().status()).as("a ticket issued before the removal").isEqualTo(403);
        }
    }

    /** How the log response ended: "closed" (no last chunk) or "finished" (a clean end). */
    private static String endOf(Wire wire) throws IOException {
        try {
            while (wire.readChunk() != null) {
                // lines that were on their way
            }
            return "finished";
        } catch (EOFException | java.net.SocketException | NumberFormatException e) {
            return "closed";
        }
    }

    private int api(String method, String path, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .header("Authorization", "Bearer " + ADMIN)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString()).statusCode();
    }
}
