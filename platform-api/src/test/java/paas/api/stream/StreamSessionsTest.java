package paas.api.stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import paas.api.TestDatabases;
import paas.api.auth.AuthBackoff;
import paas.api.auth.Authenticator;
import paas.api.domain.DynoSizes;
import paas.api.domain.Quotas;
import paas.api.domain.IssuedToken;
import paas.api.domain.PlatformException;
import paas.api.domain.User;
import paas.api.service.AccountService;
import paas.api.service.AppListener;
import paas.api.service.Services;
import paas.api.store.Database;
import paas.api.store.TestSecrets;
import paas.logs.DrainPolicy;
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
    private AccountService accounts;
    private OpenStreams open;
    private MemoryLogRouter logs;
    private StreamSessions sessions;
    private paas.api.service.CollaboratorService collaborators;
    private User admin;
    private String aliceToken;
    private IssuedToken alice;

    @BeforeEach
    void open() throws Exception {
        db = Database.open(databases.newDatabase(TestDatabases.Kind.H2), TestSecrets.box());
        open = new OpenStreams();
        Services services = Services.wire(db, "paas.test", DynoSizes.standard(), Quotas.defaults().withDynosPerType(10),
                AppListener.NONE, DrainPolicy.allowingLoopback(), open);
        services.accounts().bootstrapAdmin("admin@paas.test", Optional.of("admin-token-for-tests-0003"));
        admin = services.accounts().authenticate("admin-token-for-tests-0003").orElseThrow();
        alice = services.accounts().createUser(admin, "alice@paas.test");
        aliceToken = alice.secret();
        logs = new MemoryLogRouter(LogRouterConfig.defaults());
        accounts = services.accounts();
        services.apps().create(admin, Optional.of("shop"));
        services.collaborators().add(admin, "shop", "alice@paas.test");
        collaborators = services.collaborators();
        sessions = new StreamSessions(new Authenticator(services.accounts(),
                new AuthBackoff(AuthBackoff.Policy.defaults(), clock)), logs, open, services.apps()::get, clock);
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

        assertThatThrownBy(() -> sessions.openLog("Bearer " + aliceToken, secret, new RecordingConnection()))
                .isInstanceOf(PlatformException.Forbidden.class);
        assertThatThrownBy(() -> sessions.openLog(null, secret, new RecordingConnection()))
                .isInstanceOf(PlatformException.Unauthorized.class);
        try (LogStream stream = sessions.openLog("Bearer admin-token-for-tests-0003", secret, new RecordingConnection())) {
            assertThat(stream.next(Duration.ofSeconds(1)))
                    .contains("2026-11-24T22:00:00.123456+00:00 app[web.1]: hello");
            assertThat(stream.next(Duration.ofMillis(10))).isEmpty();
            assertThat(stream.ended()).isTrue();
        }
        assertThatThrownBy(() -> sessions.openLog("Bearer admin-token-for-tests-0003", secret, new RecordingConnection()))
                .as("a secret serves one request").isInstanceOf(PlatformException.NotFound.class);
    }

    @Test
    void aLogSessionAskedWithATokenOpensWithItsSecretAloneUntilThatTokenIsRevoked() {
        paas.api.domain.Authenticated asker = accounts.identify(aliceToken).orElseThrow();
        // As Heroku clients open logplex_url: no Authorization header at all.
        RecordingConnection tail = new RecordingConnection();
        sessions.openLog(null, sessions.newLogSession(asker, TailRequest.of("shop")), tail);
        assertThat(open.size()).isEqualTo(1);
        accounts.revokeToken(admin, alice.token().id().toString());
        assertThat(tail.revocations).as("it stands for that token").hasSize(1);

        String late = sessions.newLogSession(asker, TailRequest.of("shop"));
        assertThatThrownBy(() -> sessions.openLog(null, late, new RecordingConnection()))
                .isInstanceOf(PlatformException.Unauthorized.class);
        String needsToken = sessions.newLogSession(admin, TailRequest.of("shop"));
        assertThatThrownBy(() -> sessions.openLog(null, needsToken, new RecordingConnection()))
                .as("a session asked for without a token's identity still needs one")
                .isInstanceOf(PlatformException.Unauthorized.class);
    }

    @Test
    void aTicketIssuedBeforeTheUsersAccessWasRemovedDoesNotOpen() {
        String log = sessions.newLogSession(alice.user(), TailRequest.of("shop"));
        String run = sessions.newRunSession(alice.user(), "shop", (in, out, err) -> 0);
        collaborators.remove(admin, "shop", "alice@paas.test");
        assertThatThrownBy(() -> sessions.openLog("Bearer " + aliceToken, log, new RecordingConnection()))
                .isInstanceOf(PlatformException.Forbidden.class).hasMessageContaining("paas access:add");
        assertThatThrownBy(() -> sessions.openRun("Bearer " + aliceToken, run, new RecordingConnection()))
                .isInstanceOf(PlatformException.Forbidden.class);
        assertThat(open.size()).as("no watch is left behind").isZero();
    }

    @Test
    void sessionsExpire() {
        String log = sessions.newLogSession(admin, TailRequest.of("shop"));
        String run = sessions.newRunSession(admin, (in, out, err) -> 0);
        now.set(now.get().plus(StreamSessions.RUN_SESSION_TTL).plusSeconds(1));
        assertThatThrownBy(() -> sessions.openRun("Bearer admin-token-for-tests-0003", run, new RecordingConnection()))
                .isInstanceOf(PlatformException.NotFound.class);
        assertThat(sessions.openLog("Bearer admin-token-for-tests-0003", log, new RecordingConnection()))
                .as("logs live longer").isNotNull();
        String late = sessions.newLogSession(admin, TailRequest.of("shop"));
        now.set(now.get().plus(StreamSessions.LOG_SESSION_TTL).plusSeconds(1));
        assertThatThrownBy(() -> sessions.openLog("Bearer admin-token-for-tests-0003", late, new RecordingConnection()))
                .isInstanceOf(PlatformException.NotFound.class);
    }

    @Test
    void unknownSecretsAreNotFound() {
        assertThatThrownBy(() -> sessions.openRun("Bearer admin-token-for-tests-0003", "nope", new RecordingConnection()))
                .isInstanceOf(PlatformException.NotFound.class);
    }

    @Test
    void revokingATokenEndsTheStreamsItOpenedAndNoOthers() {
        RecordingConnection alicesTail = new RecordingConnection();
        RecordingConnection alicesDyno = new RecordingConnection();
        RecordingConnection adminsTail = new RecordingConnection();
        sessions.openLog("Bearer " + aliceToken, sessions.newLogSession(alice.user(), TailRequest.of("shop")), alicesTail);
        sessions.openRun("Bearer " + aliceToken, sessions.newRunSession(alice.user(), (in, out, err) -> 0), alicesDyno);
        sessions.openLog("Bearer admin-token-for-tests-0003", sessions.newLogSession(admin, TailRequest.of("shop")),
                adminsTail);
        assertThat(open.size()).isEqualTo(3);

        accounts.revokeToken(admin, alice.token().id().toString());

        assertThat(alicesTail.revocations).containsExactly("the token this stream was opened with was revoked");
        assertThat(alicesDyno.revocations).hasSize(1);
        assertThat(adminsTail.revocations).isEmpty();
        assertThat(open.size()).as("revoked watches are dropped").isEqualTo(1);
        adminsTail.close();
        assertThat(open.size()).as("a stream that ends drops its watch").isZero();
    }

    @Test
    void disablingOrDestroyingAUserEndsEveryStreamOfTheirs() {
        IssuedToken second = accounts.createToken(alice.user(), "second");
        RecordingConnection first = new RecordingConnection();
        RecordingConnection other = new RecordingConnection();
        sessions.openLog("Bearer " + aliceToken, sessions.newLogSession(alice.user(), TailRequest.of("shop")), first);
        sessions.openLog("Bearer " + second.secret(), sessions.newLogSession(alice.user(), TailRequest.of("shop")), other);

        accounts.setDisabled(admin, "alice@paas.test", true);
        assertThat(first.revocations).containsExactly("the user who opened this stream was disabled or destroyed by an admin");
        assertThat(other.revocations).hasSize(1);
        String secret = sessions.newLogSession(alice.user(), TailRequest.of("shop"));
        assertThatThrownBy(() -> sessions.openLog("Bearer " + aliceToken, secret, new RecordingConnection()))
                .isInstanceOf(PlatformException.Unauthorized.class);

        accounts.setDisabled(admin, "alice@paas.test", false);
        RecordingConnection again = new RecordingConnection();
        sessions.openLog("Bearer " + aliceToken, secret, again);
        accounts.destroyUser(admin, "alice@paas.test");
        assertThat(again.revocations).hasSize(1);
        assertThat(open.size()).isZero();
    }

    @Test
    void aBlockedAddressIsRefusedEvenWithTheRightTokenWhileOthersAreNot() {
        RecordingConnection attacker = new RecordingConnection("192.0.2.7");
        for (int i = 0; i < AuthBackoff.Policy.defaults().freeFailures(); i++) {
            String secret = sessions.newLogSession(admin, TailRequest.of("shop"));
            assertThatThrownBy(() -> sessions.openLog("Bearer not-a-token-of-this-platform", secret, attacker))
                    .isInstanceOf(PlatformException.Unauthorized.class);
        }
        String secret = sessions.newLogSession(admin, TailRequest.of("shop"));
        assertThatThrownBy(() -> sessions.openLog("Bearer admin-token-for-tests-0003", secret, attacker))
                .isInstanceOf(PlatformException.TooManyRequests.class);
        assertThat(sessions.openLog("Bearer admin-token-for-tests-0003", secret, new RecordingConnection("192.0.2.8")))
                .as("another address, and the secret was not used up by the refusal").isNotNull();
    }
}
