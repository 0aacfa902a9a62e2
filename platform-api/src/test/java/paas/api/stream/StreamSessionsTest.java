package paas.api.stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import paas.api.TestDatabases;
import paas.api.auth.Authenticator;
import paas.api.domain.DynoSizes;
import paas.api.domain.Quotas;
import paas.api.domain.IssuedToken;
import paas.api.domain.PlatformException;
import paas.api.domain.User;
import paas.api.service.Services;
import paas.api.store.Database;
import paas.api.store.TestSecrets;
import paas.logs.LogLine;
import paas.logs.LogRouterConfig;
import paas.logs.Source;
import paas.logs.TailRequest;
import paas.logs.router.MemoryLogRouter;
import paas.vocabulary.DynoSize;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StreamSessionsTest {
    private final TestDatabases databases = new TestDatabases();
    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-11-25T12:00:00Z"));
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    };
    private Database db;
    private MemoryLogRouter logs;
    private StreamSessions sessions;
    private User admin;
    private String aliceToken;

    @BeforeEach
    void open() throws Exception {
        db = Database.open(databases.newDatabase(TestDatabases.Kind.H2), TestSecrets.box());
        Services services = Services.wire(db, "paas.test", DynoSizes.standard(), Quotas.defaults().withDynosPerType(10));
        services.accounts().bootstrapAdmin("admin@paas.test", Optional.of("admin-token-for-tests-0003"));
        admin = services.accounts().authenticate("admin-token-for-tests-0003").orElseThrow();
        IssuedToken alice = services.accounts().createUser(admin, "alice@paas.test");
        aliceToken = alice.secret();
        logs = new MemoryLogRouter(LogRouterConfig.defaults());
        sessions = new StreamSessions(new Authenticator(services.accounts()), logs, clock);
    }

    @AfterEach
    void close() {
        logs.close();
        db.close();
        databases.close();
    }

    @Test
    void aLogSessionOpensOnceForItsOwnerAndFormatsLines() throws Exception {
        logs.publish(new LogLine(Instant.parse("2026-11-24T22:00:00.123456Z"), "shop", Source.APP, "web.1", "hello"));
        String secret = sessions.newLogSession(admin, TailRequest.of("shop"));

        assertThatThrownBy(() -> sessions.openLog("Bearer " + aliceToken, secret))
                .isInstanceOf(PlatformException.Forbidden.class);
        assertThatThrownBy(() -> sessions.openLog(null, secret)).isInstanceOf(PlatformException.Unauthorized.class);
        try (LogStream stream = sessions.openLog("Bearer admin-token-for-tests-0003", secret)) {
            assertThat(stream.next(Duration.ofSeconds(1)))
                    .contains("2026-11-24T22:00:00.123456+00:00 app[web.1]: hello");
            assertThat(stream.next(Duration.ofMillis(10))).isEmpty();
            assertThat(stream.ended()).isTrue();
        }
        assertThatThrownBy(() -> sessions.openLog("Bearer admin-token-for-tests-0003", secret))
                .as("a secret serves one request").isInstanceOf(PlatformException.NotFound.class);
    }

    @Test
    void sessionsExpire() {
        String log = sessions.newLogSession(admin, TailRequest.of("shop"));
        String run = sessions.newRunSession(admin, (in, out, err) -> 0);
        now.set(now.get().plus(StreamSessions.RUN_SESSION_TTL).plusSeconds(1));
        assertThatThrownBy(() -> sessions.openRun("Bearer admin-token-for-tests-0003", run))
                .isInstanceOf(PlatformException.NotFound.class);
        assertThat(sessions.openLog("Bearer admin-token-for-tests-0003", log)).as("logs live longer").isNotNull();
        String late = sessions.newLogSession(admin, TailRequest.of("shop"));
        now.set(now.get().plus(StreamSessions.LOG_SESSION_TTL).plusSeconds(1));
        assertThatThrownBy(() -> sessions.openLog("Bearer admin-token-for-tests-0003", late))
                .isInstanceOf(PlatformException.NotFound.class);
    }

    @Test
    void unknownSecretsAreNotFound() {
        assertThatThrownBy(() -> sessions.openRun("Bearer admin-token-for-tests-0003", "nope"))
                .isInstanceOf(PlatformException.NotFound.class);
    }
}
