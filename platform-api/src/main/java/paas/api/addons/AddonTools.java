package paas.api.addons;

import paas.api.domain.Addon;
import paas.api.domain.AddonAttachment;
import paas.api.domain.PlatformException;
import paas.api.domain.User;
import paas.api.dynos.OneOffAttachment;
import paas.api.dynos.StreamTickets;
import paas.api.service.AppGuard;
import paas.api.store.AddonStore;
import paas.api.store.AppStore;
import paas.api.store.Database;
import paas.process.RuntimeUnavailableException;
import paas.process.addons.AddonRuntime;
import paas.process.addons.ExecTerminal;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;

/**
 * The tools of an app's add-ons: pg:info and redis:info (statistics read by the service's own
 * client inside its container), sessions of {@code psql} or {@code redis-cli} attached to the
 * client over the one-off dyno protocol (pg:psql, redis:cli), and pg:reset. Whoever may see an
 * add-on through the app (the app owns it or is attached to it, {@link AddonGuard}) may use them:
 * the app's dynos hold its URL, and so all its data, anyway. Thread-safe; every call but
 * {@link #session} blocks on the engine.
 */
public final class AddonTools {
    /** How long pg:info's and redis:info's client may take, in seconds (coreutils' timeout, exit 124). */
    static final String READ_TIMEOUT_SECONDS = "20";
    private static final int TIMED_OUT = 124;

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

    /** A session waiting for its client: the add-on, and the secret its client attaches with. */
    public record Session(Addon addon, String secret) {
    }

    private record Run(int exit, String out, String err) {
    }

    /** Longer SQL than this is sent on standard input ({@code echo ... | paas pg:psql}), not as a command. */
    static final int MAX_COMMAND = 64 * 1024;

    private final Database db;
    private final AddonStore addons;
    private final AddonGuard access;
    private final AppGuard apps;
    private final Optional<AddonRuntime> runtime;
    private final StreamTickets tickets;
    private final AddonLog appLog;

    /**
     * @param runtime where add-on containers run; empty when paasd has no container engine
     * @param tickets issues the secrets sessions are attached with (as one-off dynos' are)
     * @param appLog  where pg:reset is told to the add-on's apps ({@code paas[addon]})
     */
    public AddonTools(Database db, Optional<AddonRuntime> runtime, StreamTickets tickets, AddonLog appLog) {
        this.db = db;
        this.addons = new AddonStore(db.secrets());
        AppStore appStore = new AppStore();
        this.apps = new AppGuard(appStore);
        this.access = new AddonGuard(addons, appStore, apps);
        this.runtime = runtime;
        this.tickets = tickets;
        this.appLog = appLog;
    }

    /**
     * Makes a session of the add-on's own client that waits for the caller to attach (pg:psql,
     * redis:cli) and answers the secret of its {@code attach_url}. Nothing runs yet: when the
     * client attaches, {@code psql} as the database's owner, or {@code redis-cli}, runs inside the
     * add-on's container, with a terminal when one is given. {@code command} is SQL for
     * {@code psql -c}; Redis takes none (its commands come on standard input).
     */
    public Session session(User caller, String app, String idOrName, Optional<String> command,
                           Optional<ExecTerminal> terminal) {
        command.ifPresent(AddonTools::checkCommand);
        Addon addon = scoped(caller, app, idOrName).addon();
        // The session is the app's by name, as one-offs' are, however the request named it (an id
        // too), so an access:remove on the app ends it.
        String appName = db.inTransaction(c -> apps.require(c, caller, app).name().value());
        AddonRuntime engine = runtime.orElseThrow(AddonTools::noEngine);
        List<String> client = switch (addon.kind()) {
            case POSTGRESQL -> psql(addon, command);
            case REDIS -> {
                if (command.isPresent()) {
                    throw new PlatformException.InvalidParams("redis:cli takes its commands on standard input"
                            + " (echo 'GET key' | paas redis:cli), not as a command");
                }
                yield clientShell("REDISCLI_AUTH=\"$PAAS_ADDON_PASSWORD\" exec redis-cli \"$@\"", List.of());
            }
        };
        String addonId = addon.id().toString();
        return new Session(addon, tickets.newRunSession(caller, appName, new OneOffAttachment() {
            @Override
            public int run(InputStream stdin, OutputStream stdout, OutputStream stderr) throws InterruptedException {
                return engine.execAsClient(addonId, client, terminal, stdin, stdout, stderr);
            }

            @Override
            public void resize(int rows, int columns) {
                try {
                    terminal.ifPresent(t -> t.resize(rows, columns));
                } catch (IllegalArgumentException outOfRange) {
                    // A client's odd size is not worth ending its session for: the terminal keeps its size.
                }
            }
        }));
    }

    /**
     * psql as the add-on's own user (the owner of its database), over TCP with its password as an
     * app connects: the session runs as an OS user the server does not trust
     * ({@link AddonRuntime#execAsClient}), so a shell escape gains nothing the URL does not give.
     */
    static List<String> psql(Addon addon, Optional<String> command) {
        List<String> args = new ArrayList<>(List.of("--host", "127.0.0.1", "--username", PostgresProvider.user(addon),
                "--dbname", PostgresProvider.database(addon)));
        command.ifPresent(sql -> args.addAll(List.of("--command", sql)));
        return clientShell("PGPASSWORD=\"$PAAS_ADDON_PASSWORD\" exec psql \"$@\"", args);
    }

    /**
     * A client started by {@code sh -c SCRIPT} with {@code args} as its {@code "$@"}: the password
     * comes from the container's environment, never onto a command line; HOME is /tmp, where the
     * unprivileged client may keep its history for the session.
     */
    private static List<String> clientShell(String script, List<String> args) {
        List<String> command = new ArrayList<>(List.of("/bin/sh", "-c", "HOME=/tmp; export HOME; " + script, "client"));
        command.addAll(args);
        return List.copyOf(command);
    }

    private static void checkCommand(String command) {
        if (command.isBlank() || command.length() > MAX_COMMAND || command.indexOf('\0') >= 0) {
            throw new PlatformException.InvalidParams("the command must be 1 to " + MAX_COMMAND + " characters"
                    + " without NUL bytes; send longer SQL on standard input (paas pg:psql < file.sql)");
        }
    }

    /**
     * pg:reset: empties the database. Its schema {@code public} and everything in it (tables,
     * views, sequences, functions, types) is dropped and made again, owned by the add-on's user,
     * in one transaction: it happens whole or not at all. Refused unless {@code confirm} is the
     * app's name; a database whose tables stay locked by a session for 10 s is left as it was
     * (409). Told in the logs of every app the add-on belongs to or is attached to.
     */
    public Addon reset(User caller, String app, String idOrName, Optional<String> confirm) {
        Scoped scoped = scoped(caller, app, idOrName);
        Addon addon = scoped.addon();
        // Wiping data takes what a restore takes: managing the add-on, not only using it.
        db.inTransaction(c -> access.requireManaged(c, caller, addon));
        if (addon.kind() != paas.api.domain.AddonKind.POSTGRESQL) {
            throw new PlatformException.InvalidParams(addon.name() + " is a " + addon.kind().value() + " add-on:"
                    + " only PostgreSQL databases are reset");
        }
        if (confirm.isEmpty() || !confirm.get().equals(app)) {
            throw new PlatformException.ConfirmationRequired("pg:reset deletes all data of " + addon.name()
                    + " (every table in it, for every app it is attached to): confirm with --confirm " + app
                    + " ({\"confirm\": \"" + app + "\"})");
        }
        Run run = run(addon, PgReset.command(PostgresProvider.database(addon)));
        if (run.exit() != 0) {
            String why = PgStats.abbreviate(run.err().strip());
            if (PgReset.lockTimedOut(run.err())) {
                throw new PlatformException.Conflict(addon.name() + " was not reset: a session kept its tables"
                        + " locked for over " + PgReset.LOCK_TIMEOUT + " (" + why + "). Stop what uses it, e.g."
                        + " `paas ps:scale web=0 -a " + app + "`, and try again");
            }
            throw new PlatformException.Unavailable(addon.name() + " was not reset (psql exited with " + run.exit()
                    + ": " + why + "); nothing was changed");
        }
        String line = addon.name() + " was reset by " + caller.email() + ": everything in schema public was dropped";
        appsOf(scoped).forEach(name -> appLog.line(name, line));
        return addon;
    }

    private static List<paas.api.domain.AppName> appsOf(Scoped scoped) {
        java.util.LinkedHashSet<paas.api.domain.AppName> apps = new java.util.LinkedHashSet<>();
        scoped.addon().owner().ifPresent(o -> apps.add(o.name()));
        scoped.attachments().forEach(a -> apps.add(a.app().name()));
        return List.copyOf(apps);
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
        Run run = run(addon, command);
        if (run.exit() == TIMED_OUT) {
            throw new PlatformException.Unavailable(addon.name() + " did not answer within " + READ_TIMEOUT_SECONDS
                    + " s; try again, and see `paas logs --source paas` for crashes");
        }
        if (run.exit() != 0) {
            throw new PlatformException.Unavailable("asking " + addon.name() + " for its state failed ("
                    + client(addon) + " exited with " + run.exit() + ": " + PgStats.abbreviate(run.err().strip())
                    + "); try again, and see `paas logs --source paas` for crashes");
        }
        return run.out();
    }

    private static String client(Addon addon) {
        return switch (addon.kind()) {
            case POSTGRESQL -> "psql";
            case REDIS -> "redis-cli";
        };
    }

    private Run run(Addon addon, List<String> command) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = exec(addon, command, capped(out), capped(err));
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
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
