package paas.api.addons;

import paas.api.domain.Addon;
import paas.api.domain.AddonAttachment;
import paas.api.domain.PlatformException;
import paas.api.domain.User;
import paas.api.service.AppGuard;
import paas.api.store.AddonStore;
import paas.api.store.AppStore;
import paas.api.store.Database;
import paas.process.RuntimeUnavailableException;
import paas.process.addons.AddonRuntime;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;

/**
 * The tools of an app's add-ons: pg:info and redis:info (statistics read by the service's own
 * client inside its container). Whoever may see an add-on through the app (the app owns it or is
 * attached to it, {@link AddonGuard}) may use them: the app's dynos hold its URL anyway.
 * Thread-safe; every call blocks on the engine.
 */
public final class AddonTools {
    /** Beyond this, what a statistics command prints is cut: it prints a few hundred bytes. */
    private static final int MAX_OUTPUT = 256 * 1024;

    /** An add-on with the attachments it has, and what its server says of itself. */
    public sealed interface Info permits PgInfo, RedisInfo {
        Addon addon();

        List<AddonAttachment> attachments();
    }

    public record PgInfo(Addon addon, List<AddonAttachment> attachments, PgStats stats) implements Info {
        public PgInfo {
            attachments = List.copyOf(attachments);
        }
    }

    public record RedisInfo(Addon addon, List<AddonAttachment> attachments, RedisStats stats) implements Info {
        public RedisInfo {
            attachments = List.copyOf(attachments);
        }
    }

    private record Scoped(Addon addon, List<AddonAttachment> attachments) {
    }

    private final Database db;
    private final AddonStore addons;
    private final AddonGuard access;
    private final Optional<AddonRuntime> runtime;

    /** @param runtime where add-on containers run; empty when paasd has no container engine */
    public AddonTools(Database db, Optional<AddonRuntime> runtime) {
        this.db = db;
        this.addons = new AddonStore(db.secrets());
        AppStore apps = new AppStore();
        this.access = new AddonGuard(addons, apps, new AppGuard(apps));
        this.runtime = runtime;
    }

    /** pg:info or redis:info, after the add-on's kind. */
    public Info info(User caller, String app, String idOrName) {
        Scoped scoped = scoped(caller, app, idOrName);
        Addon addon = scoped.addon();
        return switch (addon.kind()) {
            case POSTGRESQL -> new PgInfo(addon, scoped.attachments(),
                    PgStats.parse(read(addon, PgStats.command(PostgresProvider.database(addon)))));
            case REDIS -> new RedisInfo(addon, scoped.attachments(), RedisStats.parse(read(addon, RedisStats.command())));
        };
    }

    private Scoped scoped(User caller, String app, String idOrName) {
        return db.inTransaction(c -> {
            Addon addon = access.requireInScope(c, caller, Optional.of(app), idOrName);
            if (addon.state() != Addon.State.PROVISIONED) {
                throw new PlatformException.InvalidParams("add-on " + addon.name() + " is " + addon.state().value()
                        + ": wait until `paas addons:info " + addon.name() + "` says provisioned");
            }
            return new Scoped(addon, addons.attachmentsOf(c, addon.id()));
        });
    }

    /** Runs a command that reads the service's state; its standard output. */
    private String read(Addon addon, List<String> command) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = exec(addon, command, capped(out), capped(err));
        if (exit != 0) {
            throw new PlatformException.Unavailable("asking " + addon.name() + " for its state failed ("
                    + command.getFirst() + " exited with " + exit + ": "
                    + PgStats.abbreviate(err.toString(StandardCharsets.UTF_8).strip()) + "); try again, and see"
                    + " `paas logs --source paas` for crashes");
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private int exec(Addon addon, List<String> command, OutputStream out, OutputStream err) {
        AddonRuntime engine = runtime.orElseThrow(AddonTools::noEngine);
        try {
            return engine.exec(addon.id().toString(), command, null, out, err);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PlatformException.Unavailable("the platform is shutting down; try again once it is back");
        } catch (RuntimeUnavailableException e) {
            throw new PlatformException.Unavailable("the Docker engine add-ons run on does not answer ("
                    + Database.rootMessage(e) + "): start it with deploy/docker/ensure-engine.sh and try again");
        } catch (NoSuchElementException | IllegalStateException e) {
            throw new PlatformException.Unavailable("add-on " + addon.name() + " is not running now ("
                    + Database.rootMessage(e) + "); paasd starts it again at its next start");
        }
    }

    static PlatformException noEngine() {
        return new PlatformException.Unavailable("add-ons run as containers of a Docker engine, and this paasd runs"
                + " dynos as local processes (PAAS_RUNTIME=local): start a Docker engine"
                + " (deploy/docker/ensure-engine.sh) and restart paasd without PAAS_RUNTIME=local");
    }

    /** A stream that keeps the first {@link #MAX_OUTPUT} bytes and drops the rest. */
    private static OutputStream capped(ByteArrayOutputStream to) {
        return new OutputStream() {
            @Override
            public void write(int b) {
                if (to.size() < MAX_OUTPUT) {
                    to.write(b);
                }
            }

            @Override
            public void write(byte[] b, int off, int len) {
                to.write(b, off, Math.max(0, Math.min(len, MAX_OUTPUT - to.size())));
            }
        };
    }
}
