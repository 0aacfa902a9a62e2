package paas.api.addons;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import paas.api.TestDatabases;
import paas.api.domain.PlatformException;
import paas.api.domain.Quotas;
import paas.api.domain.DynoSizes;
import paas.api.domain.User;
import paas.api.dynos.OneOffAttachment;
import paas.api.dynos.StreamTickets;
import paas.api.service.AppListener;
import paas.api.service.Services;
import paas.api.store.Database;
import paas.api.store.TestSecrets;
import paas.logs.DrainPolicy;
import paas.logs.TailRequest;
import paas.process.addons.ExecTerminal;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The add-on tools over a real store with a scripted runtime: which command runs in which add-on
 * (and as whom), how its answer becomes info, who may use them, and that a refused reset runs
 * nothing. The commands themselves against the real services: AddonToolsIT.
 */
class AddonToolsTest {
    private final TestDatabases databases = new TestDatabases();
    private final ScriptedToolsRuntime runtime = new ScriptedToolsRuntime();
    private final List<String> appLog = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, OneOffAttachment> sessions = new ConcurrentHashMap<>();
    private Database db;
    private AddonTools tools;
    private User alice;
    private User bob;
    private AddonService.Described pg;
    private AddonService.Described redis;

    @BeforeEach
    void open() throws Exception {
        db = Database.open(databases.newDatabase(TestDatabases.Kind.H2), TestSecrets.box());
        Services services = Services.wire(db, "paas.test", DynoSizes.standard(), Quotas.defaults(), event -> { },
                DrainPolicy.allowingLoopback());
        services.accounts().bootstrapAdmin("admin@paas.test", Optional.of("admin-token-for-tests-0001"));
        User admin = services.accounts().authenticate("admin-token-for-tests-0001").orElseThrow();
        alice = services.accounts().authenticate(services.accounts().createUser(admin, "alice@paas.test").secret())
                .orElseThrow();
        bob = services.accounts().authenticate(services.accounts().createUser(admin, "bob@paas.test").secret())
                .orElseThrow();
        services.apps().create(alice, Optional.of("shop"));
        services.apps().create(alice, Optional.of("blog"));
        AddonService addons = new AddonService(db, Optional.of(AddonProviders.standard(runtime)),
                (app, text) -> appLog.add(app + ": " + text), AppListener.NONE, Clock.systemUTC(), Duration.ofSeconds(5));
        pg = addons.create(alice, "shop", "postgresql", Optional.empty(), Optional.of("shop-db"));
        redis = addons.create(alice, "shop", "redis", Optional.empty(), Optional.of("shop-cache"));
        addons.attach(alice, "shop-db", "blog", Optional.empty());
        StreamTickets tickets = new StreamTickets() {
            @Override
            public String newLogSession(User user, TailRequest request) {
                throw new UnsupportedOperationException();
            }

            @Override
            public String newRunSession(User user, OneOffAttachment dyno) {
                String secret = "secret-" + sessions.size();
                sessions.put(secret, dyno);
                return secret;
            }
        };
        tools = new AddonTools(db, Optional.of(runtime), tickets, (app, text) -> appLog.add(app + ": " + text));
        appLog.clear();
    }

    @AfterEach
    void close() {
        db.close();
        databases.close();
    }

    private String pgId() {
        return pg.addon().id().toString();
    }

    @Test
    void pgInfoRunsPsqlOnTheAddonsDatabaseAndReadsItsRow() {
        runtime.script = command -> new ScriptedToolsRuntime.Answer(0, "15.20|2|20|7708007|3\n", "");
        AddonTools.Info info = tools.info(alice, "blog", "shop-db");
        assertThat(info).isInstanceOf(AddonTools.PgInfo.class);
        assertThat(((AddonTools.PgInfo) info).stats()).isEqualTo(new PgStats("15.20", 2, 20, 7708007, 3));
        assertThat(info.attachments()).extracting(a -> a.app().name().value() + "::" + a.name().value())
                .containsExactlyInAnyOrder("shop::DATABASE", "shop::HEROKU_POSTGRESQL_RED", "blog::DATABASE",
                        "blog::HEROKU_POSTGRESQL_RED");
        ScriptedToolsRuntime.Call call = runtime.calls.getFirst();
        assertThat(call.addonId()).isEqualTo(pgId());
        assertThat(call.command()).isEqualTo(PgStats.command(PostgresProvider.database(pg.addon())));
        assertThat(call.terminal()).isEmpty();
    }

    @Test
    void redisInfoRunsRedisCliInfo() {
        runtime.script = command -> new ScriptedToolsRuntime.Answer(0, "redis_version:7.0.15\nused_memory:1\n"
                + "maxmemory:2\nconnected_clients:1\nmaxclients:50\naof_enabled:1\ndb0:keys=4,expires=0\n", "");
        AddonTools.Info info = tools.info(alice, "shop", "shop-cache");
        assertThat(((AddonTools.RedisInfo) info).stats().keys()).isEqualTo(4);
        assertThat(runtime.calls.getFirst().command()).isEqualTo(RedisStats.command());
    }

    @Test
    void aFailingClientIsA503NamingWhatItSaid() {
        runtime.script = command -> new ScriptedToolsRuntime.Answer(2, "", "psql: error: connection refused");
        assertThatThrownBy(() -> tools.info(alice, "shop", "shop-db")).isInstanceOf(PlatformException.Unavailable.class)
                .hasMessageContaining("psql exited with 2: psql: error: connection refused");
    }

    @Test
    void aClientThatDoesNotAnswerInTimeIsA503SayingSo() {
        runtime.script = command -> new ScriptedToolsRuntime.Answer(124, "", "");
        assertThatThrownBy(() -> tools.info(alice, "shop", "shop-cache")).isInstanceOf(PlatformException.Unavailable.class)
                .hasMessageContaining("shop-cache did not answer within 20 s");
    }

    @Test
    void onlyAnAppThatOwnsOrUsesTheAddonReachesItAndOnlyItsOwnerSeesIt() {
        assertThatThrownBy(() -> tools.info(bob, "shop", "shop-db")).isInstanceOf(PlatformException.Forbidden.class);
        assertThatThrownBy(() -> tools.session(alice, "blog", "shop-cache", Optional.empty(), Optional.empty()))
                .isInstanceOf(PlatformException.NotFound.class).hasMessageContaining("not attached to app blog");
        assertThat(runtime.calls).isEmpty();
        assertThat(sessions).isEmpty();
    }

    @Test
    void aPsqlSessionRunsAsTheDatabasesOwnerWhenTheClientAttaches() throws Exception {
        ExecTerminal terminal = new ExecTerminal("xterm-256color", 40, 132);
        AddonTools.Session session = tools.session(alice, "blog", "shop-db", Optional.of("select 1"),
                Optional.of(terminal));
        assertThat(runtime.calls).as("nothing runs before the client attaches").isEmpty();
        runtime.script = command -> new ScriptedToolsRuntime.Answer(7, "out", "err");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit = sessions.get(session.secret()).run(InputStream.nullInputStream(), out, new ByteArrayOutputStream());
        assertThat(exit).isEqualTo(7);
        assertThat(out.toString()).isEqualTo("out");
        ScriptedToolsRuntime.Call call = runtime.calls.getFirst();
        assertThat(call.command()).startsWith("/bin/sh", "-c").endsWith("--host", "127.0.0.1", "--username",
                PostgresProvider.user(pg.addon()), "--dbname", PostgresProvider.database(pg.addon()), "--command",
                "select 1");
        assertThat(call.asClient()).as("a tenant's psql runs as a user the server does not trust").isTrue();
        assertThat(call.terminal()).contains(terminal);

        // The client's window resized: the session's terminal follows; a size out of range is ignored.
        sessions.get(session.secret()).resize(50, 120);
        sessions.get(session.secret()).resize(-1, 99_999);
        assertThat(terminal.size()).isEqualTo(new ExecTerminal.Size(50, 120));
    }

    @Test
    void aRedisSessionTakesNoCommandAndTooLongSqlIsRefused() {
        assertThatThrownBy(() -> tools.session(alice, "shop", "shop-cache", Optional.of("GET a"), Optional.empty()))
                .isInstanceOf(PlatformException.InvalidParams.class).hasMessageContaining("standard input");
        assertThatThrownBy(() -> tools.session(alice, "shop", "shop-db",
                Optional.of("x".repeat(AddonTools.MAX_COMMAND + 1)), Optional.empty()))
                .isInstanceOf(PlatformException.InvalidParams.class);
        assertThatThrownBy(() -> tools.session(alice, "shop", "shop-db", Optional.of("select\0 1"), Optional.empty()))
                .isInstanceOf(PlatformException.InvalidParams.class);
        assertThat(sessions).isEmpty();
    }

    @Test
    void resetWithoutTheAppConfirmedRunsNothing() {
        assertThatThrownBy(() -> tools.reset(alice, "shop", "shop-db", Optional.empty()))
                .isInstanceOf(PlatformException.ConfirmationRequired.class).hasMessageContaining("--confirm shop");
        assertThatThrownBy(() -> tools.reset(alice, "shop", "shop-db", Optional.of("blog")))
                .isInstanceOf(PlatformException.ConfirmationRequired.class);
        assertThatThrownBy(() -> tools.reset(alice, "shop", "shop-cache", Optional.of("shop")))
                .isInstanceOf(PlatformException.InvalidParams.class).hasMessageContaining("only PostgreSQL");
        assertThat(runtime.calls).isEmpty();
        assertThat(appLog).isEmpty();
    }

    @Test
    void resetRecreatesSchemaPublicForTheAddonsUserAndTellsEveryAppOfIt() {
        tools.reset(alice, "blog", "shop-db", Optional.of("blog"));
        assertThat(runtime.calls.getFirst().command()).isEqualTo(PgReset.command(PostgresProvider.database(pg.addon())));
        assertThat(runtime.calls.getFirst().command()).contains("--single-transaction", "DROP SCHEMA public CASCADE",
                "CREATE SCHEMA public AUTHORIZATION pg_database_owner");
        assertThat(appLog).containsExactly(
                "shop: shop-db was reset by alice@paas.test: everything in schema public was dropped",
                "blog: shop-db was reset by alice@paas.test: everything in schema public was dropped");
    }

    @Test
    void aResetBlockedByALockIsA409WithTheFixAndNotLogged() {
        runtime.script = command -> new ScriptedToolsRuntime.Answer(3, "",
                "psql:<stdin>:1: ERROR:  canceling statement due to lock timeout");
        assertThatThrownBy(() -> tools.reset(alice, "shop", "shop-db", Optional.of("shop")))
                .isInstanceOf(PlatformException.Conflict.class).hasMessageContaining("paas ps:scale web=0 -a shop");
        assertThat(appLog).isEmpty();
    }

    @Test
    void withoutAnEngineTheToolsSayHowToGetOne() {
        AddonTools local = new AddonTools(db, Optional.empty(), null, AddonLog.NONE);
        assertThatThrownBy(() -> local.info(alice, "shop", "shop-db")).isInstanceOf(PlatformException.Unavailable.class)
                .hasMessageContaining("PAAS_RUNTIME=local");
    }
}
