package paas.api.deploy;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import paas.api.TestDatabases;
import paas.api.domain.App;
import paas.api.domain.DynoSizes;
import paas.api.domain.PlatformException;
import paas.api.domain.Quotas;
import paas.api.domain.SlugRecord;
import paas.api.domain.User;
import paas.api.orphans.SlugFiles;
import paas.api.service.AppEvent;
import paas.api.service.AppService;
import paas.api.service.Services;
import paas.api.store.BuildStore;
import paas.api.store.Database;
import paas.api.store.TestSecrets;
import paas.builder.slug.DirectorySlugStore;
import paas.logs.DrainPolicy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A destroyed app's slug files go with it at once, on the real slug directory and both stores;
 * bytes another app's record names stay, and a deploy of the same bytes racing the destroy either
 * records a file that stays or is refused, never a record whose file is gone.
 */
class SlugReclaimTest {
    private static final String TOKEN = "paas_slug_reclaim_test_token_0001";

    @TempDir
    Path tmp;

    private final TestDatabases databases = new TestDatabases();
    private Database db;

    @AfterEach
    void close() {
        if (db != null) {
            db.close();
        }
        databases.close();
    }

    private record Setup(Services services, User admin, DirectorySlugStore store, SlugReclaim reclaim) {
        App app(String name) {
            return services.apps().create(admin, Optional.of(name));
        }

        /** Stores bytes as a build does, and answers their sha256. */
        String put(String content) throws IOException {
            Path file = Files.createTempFile(store.directory().getParent(), "slug", ".tgz");
            Files.writeString(file, content);
            return store.put(file).sha256();
        }

        static SlugRecord slug(App app, String sha) {
            return new SlugRecord(UUID.randomUUID(), app.id(), sha, 1, "c0ffee", "procfile", AppService.STACK,
                    Map.of("web", "node server.js"), Instant.now().truncatedTo(ChronoUnit.MICROS));
        }

        void deploy(App app, String sha) {
            SlugRecord slug = slug(app, sha);
            reclaim.recording(sha, () -> services.releases().deploy(app.id(), admin, slug, "Deploy c0ffee"));
        }
    }

    private Setup setUp(TestDatabases.Kind kind) throws Exception {
        db = Database.open(databases.newDatabase(kind), TestSecrets.box());
        DirectorySlugStore store = new DirectorySlugStore(tmp.resolve("data"));
        SlugReclaim reclaim = new SlugReclaim(db, new BuildStore(), SlugFiles.in(store));
        Services services = Services.wire(db, "paas.test", DynoSizes.standard(), Quotas.defaults(), event -> {
            if (event instanceof AppEvent.Destroyed destroyed) {
                reclaim.reclaim(destroyed.app(), destroyed.slugFiles());
            }
        }, DrainPolicy.allowingLoopback());
        services.accounts().bootstrapAdmin("admin@paas.test", Optional.of(TOKEN));
        return new Setup(services, services.accounts().authenticate(TOKEN).orElseThrow(), store, reclaim);
    }

    static List<TestDatabases.Kind> kinds() {
        return TestDatabases.kinds().toList();
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void aDestroyedAppsSlugFilesGoAndThoseAnotherAppNamesStay(TestDatabases.Kind kind) throws Exception {
        Setup s = setUp(kind);
        App shop = s.app("shop");
        App blog = s.app("blog");
        String first = s.put("shop v1");
        String second = s.put("shop v2");
        String shared = s.put("same code");
        s.deploy(shop, first);
        s.deploy(shop, second);
        s.deploy(shop, shared);
        s.deploy(blog, shared);

        s.services().apps().destroy(s.admin(), "shop");

        assertThat(s.store().ids()).as("only the bytes blog's release names").containsExactly(shared);
        assertThat(s.store().path(shared)).isPresent();
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void aDeployWhoseFileADestroyDeletedIsRefusedAndRecordsNothing(TestDatabases.Kind kind) throws Exception {
        Setup s = setUp(kind);
        App shop = s.app("shop");
        App blog = s.app("blog");
        String same = s.put("same code");
        s.deploy(shop, same);
        // blog's build stored the same bytes (the file was there already), then shop was destroyed.
        String again = s.put("same code");
        s.services().apps().destroy(s.admin(), "shop");

        assertThatThrownBy(() -> s.deploy(blog, again)).isInstanceOf(PlatformException.Conflict.class)
                .hasMessageContaining("push again");
        assertThat(s.services().releases().list(s.admin(), "blog", paas.api.store.ListRange.all(false)).items())
                .as("only v1, which has no slug").hasSize(1);
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void aReclaimWaitsForARecordingInFlightAndKeepsItsFile(TestDatabases.Kind kind) throws Exception {
        Setup s = setUp(kind);
        App shop = s.app("shop");
        App blog = s.app("blog");
        String same = s.put("same code");
        s.deploy(shop, same);
        SlugRecord blogs = Setup.slug(blog, same);
        CountDownLatch recordingStarted = new CountDownLatch(1);
        CountDownLatch destroyAsked = new CountDownLatch(1);

        // Threads of their own: the common pool has one thread on two cores, and the two must overlap.
        var threads = java.util.concurrent.Executors.newCachedThreadPool();
        CompletableFuture<Void> deploy = CompletableFuture.runAsync(() -> s.reclaim().recording(same, () -> {
            recordingStarted.countDown();
            try {
                // The destroy commits and reaches the reclaim while blog's record is not yet written.
                assertThat(destroyAsked.await(10, TimeUnit.SECONDS)).isTrue();
                Thread.sleep(300);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            return s.services().releases().deploy(blog.id(), s.admin(), blogs, "Deploy c0ffee");
        }), threads);
        assertThat(recordingStarted.await(10, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<App> destroy = CompletableFuture.supplyAsync(() -> {
            destroyAsked.countDown();
            return s.services().apps().destroy(s.admin(), "shop");
        }, threads);
        deploy.get(20, TimeUnit.SECONDS);
        destroy.get(20, TimeUnit.SECONDS);
        threads.shutdown();

        assertThat(s.store().path(same)).as("blog's release names it").isPresent();
    }
}
