package paas.api.orphans;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import paas.api.TestDatabases;
import paas.api.domain.DynoSizes;
import paas.api.domain.Quotas;
import paas.api.domain.Orphan;
import paas.api.domain.PlatformException;
import paas.api.domain.User;
import paas.api.service.Services;
import paas.api.store.Database;
import paas.api.store.TestSecrets;
import paas.process.DynoHandle;
import paas.process.DynoSpec;
import paas.process.OneOffSpec;
import paas.process.Runtime;
import paas.process.Signal;
import paas.vocabulary.DynoSize;

import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The orphan rules over a real (H2) store, with a recording runtime, in-memory slug files and a
 * clock the test moves: nothing goes at start, the grace period survives a restart, an app that
 * comes back gets its dynos back.
 */
class OrphansTest {
    static final Duration GRACE = Duration.ofHours(24);
    static final String SHA_KEPT = "a".repeat(64);
    static final String SHA_LOOSE = "b".repeat(64);

    final TestDatabases databases = new TestDatabases();
    final Clock0 clock = new Clock0(Instant.parse("2026-03-01T10:00:00Z"));
    final Containers runtime = new Containers();
    final Files slugs = new Files();
    final Set<String> trackedIds = new HashSet<>();
    Database db;
    Services services;
    User admin;

    @BeforeEach
    void open() throws Exception {
        db = Database.open(databases.newDatabase(TestDatabases.Kind.H2), TestSecrets.box());
        services = Services.wire(db, "paas.test", DynoSizes.standard(), Quotas.defaults().withDynosPerType(10));
        services.accounts().bootstrapAdmin("admin@paas.test", Optional.of("admin-token-for-tests-0001"));
        admin = services.accounts().authenticate("admin-token-for-tests-0001").orElseThrow();
        services.apps().create(admin, Optional.of("kept"));
        runtime.add("c-kept-web1", "kept", "web.1");
        runtime.add("c-lost-web1", "lost", "web.1");
        runtime.add("c-lost-worker1", "lost", "worker.1");
        slugs.ids.add(SHA_LOOSE);
    }

    @AfterEach
    void close() throws Exception {
        db.close();
        databases.close();
    }

    Orphans orphans() {
        return new Orphans(db, "paasd-test", runtime, h -> trackedIds.contains(h.id()), slugs, clock, GRACE);
    }

    @Test
    void dynosOfAnAppTheStoreDoesNotKnowAreListedNotRemovedAtStartNorBeforeTheGraceEnds() {
        Orphans orphans = orphans();
        GracePlan atStart = orphans.sweep(false);
        assertThat(atStart.current()).extracting(Orphan::id)
                .containsExactlyInAnyOrder("c-lost-web1", "c-lost-worker1", SHA_LOOSE);
        assertThat(orphans.list()).filteredOn(o -> o.kind() == Orphan.Kind.DYNO)
                .extracting(Orphan::app, Orphan::dyno, Orphan::firstSeen)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("lost", "web.1", clock.instant()),
                        org.assertj.core.groups.Tuple.tuple("lost", "worker.1", clock.instant()));

        clock.advance(GRACE.minusMinutes(1));
        assertThat(orphans.sweep(true).due()).isEmpty();
        assertThat(runtime.removed).isEmpty();
        assertThat(slugs.deleted).isEmpty();

        clock.advance(Duration.ofMinutes(1));
        assertThat(orphans.sweep(true).due()).hasSize(3);
        assertThat(runtime.removed).containsExactlyInAnyOrder("c-lost-web1", "c-lost-worker1");
        assertThat(runtime.forgotten).containsExactly("lost");
        assertThat(slugs.deleted).containsExactly(SHA_LOOSE);
        assertThat(runtime.handles).containsOnlyKeys("c-kept-web1");
        assertThat(orphans.list()).isEmpty();
    }

    @Test
    void aRestartKeepsWhenEachOrphanWasFirstSeenAndRemovesNothingAtStart() {
        Instant firstSeen = clock.instant();
        orphans().sweep(false);

        // A paasd restarted 30 hours later: the sweep at start only reports; the next one removes.
        clock.advance(Duration.ofHours(30));
        Orphans restarted = orphans();
        GracePlan atStart = restarted.sweep(false);
        assertThat(atStart.current()).extracting(Orphan::firstSeen).containsOnly(firstSeen);
        assertThat(atStart.due()).isEmpty();
        assertThat(runtime.removed).isEmpty();

        clock.advance(Duration.ofMinutes(10));
        restarted.sweep(true);
        assertThat(runtime.removed).containsExactlyInAnyOrder("c-lost-web1", "c-lost-worker1");
    }

    @Test
    void anAppThatComesBackWithinTheGraceKeepsItsDynos() {
        Orphans orphans = orphans();
        orphans.sweep(false);
        clock.advance(Duration.ofHours(2));
        services.apps().create(admin, Optional.of("lost"));
        GracePlan plan = orphans.sweep(true);
        assertThat(plan.accounted()).extracting(Orphan::id).containsExactlyInAnyOrder("c-lost-web1", "c-lost-worker1");

        // Destroyed again later: the grace period starts anew, it does not carry the earlier hours.
        services.apps().destroy(admin, "lost");
        clock.advance(Duration.ofHours(23));
        orphans.sweep(true);
        clock.advance(Duration.ofHours(23));
        orphans.sweep(true);
        assertThat(runtime.removed).isEmpty();
        clock.advance(Duration.ofHours(1));
        orphans.sweep(true);
        assertThat(runtime.removed).containsExactlyInAnyOrder("c-lost-web1", "c-lost-worker1");
    }

    @Test
    void dynosTheReconcilerStillTracksAndSlugsARecordNamesAreNotOrphans() {
        trackedIds.add("c-lost-web1"); // an app destroyed through the API: its dynos are being stopped
        slugs.ids.add(SHA_KEPT);
        db.inTransaction(c -> {
            try (var ps = c.prepareStatement("INSERT INTO slugs (id, app_id, sha256, size_bytes, stack, created_at)"
                    + " SELECT ?, id, ?, 1, 'x', CURRENT_TIMESTAMP FROM apps WHERE name = 'kept'")) {
                ps.setObject(1, java.util.UUID.randomUUID());
                ps.setString(2, SHA_KEPT);
                ps.executeUpdate();
            }
            return null;
        });
        assertThat(orphans().list()).extracting(Orphan::id).containsExactlyInAnyOrder("c-lost-worker1", SHA_LOOSE);
    }

    @Test
    void anAdminRemovesOneByAnIdPrefixOrAllAtOnceButNothingTheStoreAccountsFor() {
        Orphans orphans = orphans();
        assertThatThrownBy(() -> orphans.remove("c-kept-web1")).isInstanceOf(PlatformException.NotFound.class)
                .hasMessageContaining("paas admin:orphans");
        assertThatThrownBy(() -> orphans.remove("c-lo")).isInstanceOf(PlatformException.InvalidParams.class)
                .hasMessageContaining("2 orphans");
        assertThatThrownBy(() -> orphans.remove("c-")).isInstanceOf(PlatformException.InvalidParams.class)
                .hasMessageContaining("at least 4");
        assertThat(orphans.remove("c-lost-web").id()).isEqualTo("c-lost-web1");
        assertThat(runtime.removed).containsExactly("c-lost-web1");

        assertThat(orphans.removeAll()).extracting(Orphan::id).containsExactlyInAnyOrder("c-lost-worker1", SHA_LOOSE);
        assertThat(runtime.handles).containsOnlyKeys("c-kept-web1");
        assertThat(orphans.list()).isEmpty();
    }

    @Test
    void anEngineThatDoesNotAnswerForgetsAndRemovesNoDyno() {
        Orphans orphans = orphans();
        orphans.sweep(false);
        runtime.down = true;
        clock.advance(Duration.ofDays(3));
        GracePlan plan = orphans.sweep(true);
        assertThat(plan.accounted()).isEmpty();
        assertThat(plan.due()).extracting(Orphan::id).containsExactly(SHA_LOOSE);
        runtime.down = false;
        orphans.sweep(true);
        assertThat(runtime.removed).containsExactlyInAnyOrder("c-lost-web1", "c-lost-worker1");
    }

    /** Containers as a map; records removals. */
    static final class Containers implements Runtime {
        final Map<String, DynoHandle> handles = new LinkedHashMap<>();
        final List<String> removed = new ArrayList<>();
        final List<String> forgotten = new ArrayList<>();
        volatile boolean down;

        void add(String id, String app, String dyno) {
            handles.put(id, new DynoHandle(id, app, 3, dyno, "cmd", "standard-1x", false,
                    Instant.parse("2026-02-01T00:00:00Z"), null, null, null));
        }

        @Override
        public String name() {
            return "fake";
        }

        @Override
        public DynoHandle start(DynoSpec spec) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void signal(String dynoId, Signal signal) {
        }

        @Override
        public synchronized List<DynoHandle> list() {
            if (down) {
                throw new paas.process.RuntimeUnavailableException("engine down", null);
            }
            return List.copyOf(handles.values());
        }

        @Override
        public synchronized void remove(String dynoId) {
            handles.remove(dynoId);
            removed.add(dynoId);
        }

        @Override
        public AutoCloseable onExit(ExitListener listener) {
            return () -> { };
        }

        @Override
        public int run(OneOffSpec spec, InputStream stdin, OutputStream stdout, OutputStream stderr) {
            throw new UnsupportedOperationException();
        }

        @Override
        public synchronized void forgetApp(String app) {
            forgotten.add(app);
        }

        @Override
        public void close() {
        }
    }

    static final class Files implements SlugFiles {
        final Set<String> ids = new java.util.LinkedHashSet<>();
        final List<String> deleted = new ArrayList<>();

        @Override
        public List<String> ids() {
            return List.copyOf(ids);
        }

        @Override
        public boolean present(String sha256) {
            return ids.contains(sha256);
        }

        @Override
        public boolean delete(String sha256) {
            deleted.add(sha256);
            return ids.remove(sha256);
        }
    }

    /** A clock that moves only when the test says so. */
    static final class Clock0 extends Clock {
        private final AtomicReference<Instant> now;

        Clock0(Instant start) {
            now = new AtomicReference<>(start);
        }

        void advance(Duration d) {
            now.updateAndGet(i -> i.plus(d));
        }

        @Override
        public Instant instant() {
            return now.get();
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }
    }
}
