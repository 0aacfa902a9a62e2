package paas.api.dynos;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import paas.api.TestDatabases;
import paas.api.domain.App;
import paas.api.domain.DynoSizes;
import paas.api.domain.PlatformException;
import paas.api.domain.Quotas;
import paas.api.domain.SlugRecord;
import paas.api.domain.User;
import paas.api.service.AppGuard;
import paas.api.service.Services;
import paas.api.store.AppStore;
import paas.api.store.Database;
import paas.api.store.TestSecrets;
import paas.logs.LogLine;
import paas.logs.LogRouterConfig;
import paas.logs.TailRequest;
import paas.logs.router.MemoryLogRouter;
import paas.process.DynoHandle;
import paas.process.DynoSpec;
import paas.process.OneOffSpec;
import paas.process.Readiness;
import paas.process.Reconciler;
import paas.process.ReconcilerConfig;
import paas.process.Runtime;
import paas.process.Signal;

import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** ps:restart and ps:stop name what exists: an unknown process type or dyno is refused, not "done". */
class DynoServiceTest {
    private static final String ADMIN_TOKEN = "admin-token-for-tests-0003";

    private final TestDatabases databases = new TestDatabases();
    private final MemoryLogRouter logs = new MemoryLogRouter(LogRouterConfig.defaults());
    private Database db;
    private Services services;
    private User admin;
    private DynoService dynos;
    private final List<OneOffAttachment> attachments = new java.util.concurrent.CopyOnWriteArrayList<>();

    @BeforeEach
    void open() throws Exception {
        db = Database.open(databases.newDatabase(TestDatabases.Kind.H2), TestSecrets.box());
        services = Services.wire(db, "paas.test", DynoSizes.standard(), Quotas.defaults());
        services.accounts().bootstrapAdmin("admin@paas.test", Optional.of(ADMIN_TOKEN));
        admin = services.accounts().authenticate(ADMIN_TOKEN).orElseThrow();
        Runtime nothingRuns = new NothingRuns();
        Reconciler reconciler = new Reconciler(nothingRuns, Clock.systemUTC(), ReconcilerConfig.defaults(),
                Readiness.tcpConnect(java.time.Duration.ofMillis(100)), (app, backends, booting) -> { }, event -> { });
        StreamTickets tickets = new StreamTickets() {
            @Override
            public String newLogSession(User user, TailRequest request) {
                throw new UnsupportedOperationException();
            }

            @Override
            public String newRunSession(User user, OneOffAttachment dyno) {
                attachments.add(dyno);
                return "secret-" + attachments.size();
            }
        };
        dynos = new DynoService(db, new AppGuard(new AppStore()), new AppStateReader(db),
                new ReleaseSpecs(sha -> Optional.of(java.nio.file.Path.of("/slugs", sha)), DynoSizes.standard()),
                reconciler, nothingRuns,
                DynoSizes.standard(), tickets, logs, Clock.systemUTC());
    }

    @AfterEach
    void close() {
        logs.close();
        db.close();
        databases.close();
    }

    @Test
    void restartingAnUnknownProcessTypeIsRefusedNamingTheAppsTypes() {
        deploy(services.apps().create(admin, Optional.of("typed")), Map.of("web", "serve", "worker", "work"));

        assertThatThrownBy(() -> dynos.restart(admin, "typed", "clock"))
                .isInstanceOf(PlatformException.NotFound.class)
                .hasMessage("app typed has no process type clock: its process types are web, worker");
        assertThatThrownBy(() -> dynos.stop(admin, "typed", "clock"))
                .isInstanceOf(PlatformException.NotFound.class);
        assertThatThrownBy(() -> dynos.restart(admin, "typed", "web.7"))
                .isInstanceOf(PlatformException.NotFound.class)
                .hasMessage("app typed has no dyno web.7: `paas ps -a typed` lists them");

        dynos.restart(admin, "typed", "worker"); // a declared type with no dyno running is fine
        dynos.restart(admin, "typed", null);
    }

    @Test
    void anAppNotDeployedYetHasNoTypeToRestart() {
        services.apps().create(admin, Optional.of("empty"));
        assertThatThrownBy(() -> dynos.restart(admin, "empty", "web"))
                .isInstanceOf(PlatformException.NotFound.class)
                .hasMessage("app empty has no process type web: it has none yet; deploy it first");
    }

    @Test
    void aOneOffsTerminalStartsAtLinesByColumnsOfItsEnvironment() {
        assertThat(DynoService.terminalOf(Map.of("TERM", "xterm-256color", "LINES", "30", "COLUMNS", "120")))
                .hasToString("ExecTerminal[xterm-256color 30x120]");
        assertThat(DynoService.terminalOf(Map.of("LINES", "30"))).as("both or neither")
                .hasToString("ExecTerminal[xterm 0x0]");
        assertThat(DynoService.terminalOf(Map.of("TERM", "bad term;", "LINES", "-3", "COLUMNS", "wide")))
                .hasToString("ExecTerminal[xterm 0x0]");
        assertThat(DynoService.terminalOf(Map.of("LINES", "20000", "COLUMNS", "80")).size().known()).isFalse();
    }

    @Test
    void aOneOffIsFoundByTheNameInItsCreateResponseUntilItsSessionEnds() throws Exception {
        App app = services.apps().create(admin, Optional.of("follow"));
        deploy(app, Map.of("web", "serve"));
        UUID releaseId = services.releases().list(admin, "follow", paas.api.store.ListRange.all(true)).items()
                .getFirst().id();

        DynoService.OneOff made = dynos.run(admin, "follow", "bash", true, Map.of(), null, false);
        String name = made.dyno().dyno().name();

        DynoInfo found = dynos.get(admin, "follow", name);
        assertThat(found.dyno().state().word()).isEqualTo("starting");
        assertThat(found.id()).isEqualTo(made.dyno().id());
        assertThat(found.releaseId()).isEqualTo(releaseId);
        assertThat(found.appId()).isEqualTo(app.id());
        assertThat(found.appName()).isEqualTo("follow");
        assertThat(dynos.list(admin, "follow")).extracting(d -> d.dyno().name()).containsExactly(name);
        assertThat(dynos.get(admin, "follow", made.dyno().id().toString()).dyno().name()).as("or by its id")
                .isEqualTo(name);

        attachments.getFirst().run(InputStream.nullInputStream(), OutputStream.nullOutputStream(),
                OutputStream.nullOutputStream());
        assertThatThrownBy(() -> dynos.get(admin, "follow", name)).as("its session ended")
                .isInstanceOf(PlatformException.NotFound.class);
    }

    @Test
    void aOneOffStoppedBeforeItsClientAttachedIsGoneAndDoesNotStartOnAttach() {
        deploy(services.apps().create(admin, Optional.of("waiting")), Map.of("web", "serve"));
        String name = dynos.run(admin, "waiting", "bash", true, Map.of(), null, false).dyno().dyno().name();

        dynos.stop(admin, "waiting", name);
        assertThat(dynos.list(admin, "waiting")).as("no longer listed").isEmpty();
        assertThatThrownBy(() -> attachments.getFirst().run(InputStream.nullInputStream(), OutputStream.nullOutputStream(),
                OutputStream.nullOutputStream())).isInstanceOf(PlatformException.Conflict.class)
                .hasMessageContaining(name + " was stopped before it started");
    }

    @Test
    void aDetachedOneOffIsFoundByItsNameBeforeTheProcessManagerListsIt() {
        deploy(services.apps().create(admin, Optional.of("detach")), Map.of("web", "serve"));

        DynoService.OneOff made = dynos.run(admin, "detach", "rake jobs", false, Map.of(), null, false);
        assertThat(made.attachSecret()).isNull();
        assertThat(made.dyno().dyno().state().word()).isEqualTo("up");
        DynoInfo found = dynos.get(admin, "detach", made.dyno().dyno().name());
        assertThat(found.id()).isEqualTo(made.dyno().id());
        assertThat(found.dyno().command()).isEqualTo("rake jobs");
        // and stopped by that name at once, as a client that created it does (before: 404, no dyno)
        dynos.stop(admin, "detach", made.dyno().dyno().name());
    }

    @Test
    void aOneOffWhoseCommandIsAProcessTypeRunsThatTypesCommand() {
        deploy(services.apps().create(admin, Optional.of("typecmd")), Map.of("web", "serve", "worker", "bin/work -q"));

        assertThat(dynos.run(admin, "typecmd", "worker", true, Map.of(), null, false).dyno().dyno().command())
                .isEqualTo("bin/work -q");
        assertThat(dynos.run(admin, "typecmd", "worker --now", true, Map.of(), null, false).dyno().dyno().command())
                .as("only the bare name").isEqualTo("worker --now");
    }

    private void deploy(App app, Map<String, String> processTypes) {
        services.releases().deploy(app.id(), admin, new SlugRecord(UUID.randomUUID(), app.id(), "a".repeat(64), 100,
                "c0ffee0", "procfile", "paas-bookworm", processTypes, Instant.now().truncatedTo(ChronoUnit.MICROS)),
                "Deploy c0ffee0");
    }

    /** A runtime with no dynos, for a service whose requests must be checked before they reach it. */
    private static final class NothingRuns implements Runtime {
        @Override
        public String name() {
            return "none";
        }

        @Override
        public DynoHandle start(DynoSpec spec) {
            if (!spec.oneOff()) {
                throw new UnsupportedOperationException();
            }
            // A detached one-off starts, though this runtime never lists it: as one its list has not reached yet.
            return new DynoHandle("c-" + spec.name(), spec.app(), spec.release().version(), spec.name(), spec.command(),
                    spec.size().name(), true, Instant.now(), null, null, null);
        }

        @Override
        public void signal(String dynoId, Signal signal) {
        }

        @Override
        public List<DynoHandle> list() {
            return List.of();
        }

        @Override
        public void remove(String dynoId) {
        }

        @Override
        public AutoCloseable onExit(ExitListener listener) {
            return () -> { };
        }

        @Override
        public int run(OneOffSpec spec, InputStream stdin, OutputStream stdout, OutputStream stderr) {
            return 0; // a one-off that ends at once
        }

        @Override
        public void close() {
        }
    }
}
