package paas.api.dynos;

import paas.api.domain.App;
import paas.api.domain.DynoSizes;
import paas.api.domain.PlatformException;
import paas.api.domain.User;
import paas.api.service.AppGuard;
import paas.api.store.Database;
import paas.api.store.ReleaseStore;
import paas.logs.LogLine;
import paas.logs.LogRouter;
import paas.logs.Source;
import paas.process.Dyno;
import paas.process.DynoHandle;
import paas.process.DynoState;
import paas.process.OneOffSpec;
import paas.process.Reconciler;
import paas.process.Release;
import paas.process.Runtime;
import paas.process.addons.ExecTerminal;
import paas.vocabulary.DynoSize;
import paas.vocabulary.InvalidValueException;

import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;

/**
 * {@code paas ps}, {@code ps:restart}, {@code ps:stop} and {@code paas run}: the caller's view of
 * and actions on an app's dynos, after the same access check as every other app resource.
 * Thread-safe.
 */
public final class DynoService {
    /** Longest one-off command accepted, in characters. */
    public static final int MAX_COMMAND = 4096;
    private static final java.util.regex.Pattern SELECTOR =
            java.util.regex.Pattern.compile("[a-zA-Z0-9_-]{1,63}(\\.[1-9][0-9]{0,8})?");

    /** A one-off dyno as the API answers its creation: the dyno and where to attach (null when detached). */
    public record OneOff(DynoInfo dyno, String attachSecret) {
    }

    private final Database db;
    private final AppGuard guard;
    private final AppStateReader reader;
    private final ReleaseSpecs specs;
    private final Reconciler reconciler;
    private final Runtime runtime;
    private final DynoSizes sizes;
    private final StreamTickets sessions;
    private final LogRouter logs;
    private final Clock clock;
    private final UnlistedOneOffs unlisted = new UnlistedOneOffs();
    private final ReleaseStore releases;

    public DynoService(Database db, AppGuard guard, AppStateReader reader, ReleaseSpecs specs, Reconciler reconciler,
                       Runtime runtime, DynoSizes sizes, StreamTickets sessions, LogRouter logs, Clock clock) {
        this.db = db;
        this.guard = guard;
        this.reader = reader;
        this.specs = specs;
        this.reconciler = reconciler;
        this.runtime = runtime;
        this.sizes = sizes;
        this.sessions = sessions;
        this.logs = logs;
        this.clock = clock;
        this.releases = new ReleaseStore(db.secrets());
    }

    /**
     * The app's dynos, each name once (see {@link DynoListing#visible}), with the one-offs created
     * for a client that has not attached yet.
     */
    public List<DynoInfo> list(User caller, String app) {
        App found = require(caller, app);
        return described(found, visible(found));
    }

    /** A dyno by name ({@code web.1}) or, as Heroku's dyno identity allows, by its id. */
    public DynoInfo get(User caller, String app, String nameOrId) {
        App found = require(caller, app);
        List<Dyno> dynos = visible(found);
        List<Dyno> named = dynos.stream().filter(d -> d.name().equals(nameOrId)).toList();
        return described(found, named.isEmpty() ? dynos : named).stream()
                .filter(d -> d.dyno().name().equals(nameOrId) || d.id().toString().equals(nameOrId)).findFirst()
                .orElseThrow(() -> new PlatformException.NotFound("app " + found.name() + " has no dyno " + nameOrId
                        + ": `paas ps -a " + found.name() + "` lists them"));
    }

    private List<Dyno> visible(App app) {
        return visible(app.name().value());
    }

    private List<Dyno> visible(String app) {
        List<Dyno> managed = reconciler.dynos(app);
        Set<String> listed = managed.stream().map(Dyno::name).collect(Collectors.toSet());
        return DynoListing.visible(managed, unlisted.of(app, clock.instant(), listed));
    }

    /** The dynos with their ids: their own, their release's (looked up once per version) and their app's. */
    private List<DynoInfo> described(App app, List<Dyno> dynos) {
        Map<Integer, UUID> releaseIds = new HashMap<>();
        Set<Integer> versions = dynos.stream().map(Dyno::release).collect(Collectors.toSet());
        if (!versions.isEmpty()) {
            db.inTransaction(c -> {
                for (int version : versions) {
                    releases.find(c, app.id(), Integer.toString(version))
                            .ifPresent(r -> releaseIds.put(version, r.id()));
                }
                return null;
            });
        }
        return dynos.stream().map(d -> new DynoInfo(DynoInfo.idOf(d), d, releaseIds.get(d.release()), app.id(),
                app.name().value())).toList();
    }

    /**
     * Replaces the matching dynos as a new release does (web dynos surge first: the old ones leave
     * the route only once the new ones answer). {@code selector} null means all.
     */
    public void restart(User caller, String app, String selector) {
        App found = require(caller, app);
        checkSelector(found, selector);
        reconciler.restart(found.name().value(), selector);
        logs.publish(new LogLine(clock.instant(), found.name().value(), Source.PAAS, "api",
                "Restart " + (selector == null ? "all dynos" : selector) + " by user " + caller.email()));
    }

    /** {@code ps:stop}: as on Heroku, a formation dyno stopped this way is started again by its formation. */
    public void stop(User caller, String app, String selector) {
        App found = require(caller, app);
        checkSelector(found, selector);
        // A one-off created for a client that has not attached yet has no container to stop: it
        // is taken off the list, and its client's attach then finds it stopped.
        if (!unlisted.cancelWaiting(found.name().value(), selector)) {
            reconciler.stop(found.name().value(), selector);
        }
        logs.publish(new LogLine(clock.instant(), found.name().value(), Source.PAAS, "api",
                "Stop " + selector + " by user " + caller.email()));
    }

    /**
     * A one-off dyno of the live release: started now with its output in the log stream
     * ({@code attach} false), or waiting for the caller to attach.
     */
    public OneOff run(User caller, String app, String command, boolean attach, Map<String, String> env, String size,
                      boolean tty) {
        if (command == null || command.isBlank()) {
            throw new PlatformException.InvalidParams("no command given: send {\"command\": \"bash\"}");
        }
        if (command.length() > MAX_COMMAND || command.indexOf('\0') >= 0) {
            throw new PlatformException.InvalidParams("the command must be at most " + MAX_COMMAND
                    + " characters without NUL bytes");
        }
        Map<String, String> extraEnv = new LinkedHashMap<>();
        env.forEach((k, v) -> {
            try {
                paas.vocabulary.ConfigVars.checkEntry(k, v);
            } catch (InvalidValueException e) {
                throw new PlatformException.InvalidParams(e.getMessage());
            }
            extraEnv.put(k, v);
        });
        String sizeName = size == null ? sizes.defaultSize() : sizes.require(size).name();
        App found = require(caller, app);
        String appName = found.name().value();
        AppState.RunnableRelease live = reader.load(appName).flatMap(AppState::live).orElseThrow(() ->
                new PlatformException.InvalidParams("app " + appName + " has no release to run yet: deploy it with"
                        + " `git push paas main` first"));
        Release release = specs.release(live).orElseThrow(() -> new PlatformException.InvalidParams(
                "the slug of v" + live.release().version() + " is missing from the slug store: deploy " + appName + " again"));
        String name = "run." + freeRunNumber(appName);
        String resolved = processTypeCommand(live, command).orElse(command);
        OneOffSpec spec = new OneOffSpec(appName, release, name, resolved, extraEnv, specs.size(sizeName), tty && attach);
        Instant now = clock.instant();
        logs.publish(new LogLine(now, appName, Source.PAAS, "api", "Starting process with command `" + resolved
                + "` by user " + caller.email()));
        if (!attach) {
            DynoHandle h = reconciler.runDetached(spec);
            Dyno started = new Dyno(appName, h.name(), h.release(), h.command(), h.size(), DynoState.UP,
                    h.startedAt(), null, null, h.id(), true);
            unlisted.started(started, now);
            return new OneOff(described(found, List.of(started)).getFirst(), null);
        }
        Optional<ExecTerminal> terminal = spec.tty() ? Optional.of(terminalOf(extraEnv)) : Optional.empty();
        String secret = sessions.newRunSession(caller, appName, new OneOffAttachment() {
            @Override
            public int run(InputStream stdin, OutputStream stdout, OutputStream stderr) throws InterruptedException {
                if (!unlisted.attached(appName, name, clock.instant())) {
                    throw new PlatformException.Conflict(name + " was stopped before it started: run it again");
                }
                publish(appName, name, "Starting process with command `" + resolved + "`");
                publish(appName, name, "State changed from starting to up");
                try {
                    int code = terminal.isPresent() ? runtime.run(spec, terminal.get(), stdin, stdout, stderr)
                            : runtime.run(spec, stdin, stdout, stderr);
                    publish(appName, name, "Process exited with status " + code);
                    publish(appName, name, "State changed from up to complete");
                    return code;
                } finally {
                    unlisted.ended(appName, name);
                }
            }

            @Override
            public void resize(int rows, int columns) {
                try {
                    terminal.ifPresent(t -> t.resize(rows, columns));
                } catch (IllegalArgumentException outOfRange) {
                    // A client's odd size is not worth ending its session for: the terminal keeps its size.
                }
            }
        });
        Dyno waiting = new Dyno(appName, name, release.version(), resolved, sizeName, DynoState.STARTING, now, null,
                null, null, true);
        unlisted.created(waiting, now);
        return new OneOff(described(found, List.of(waiting)).getFirst(), secret);
    }

    /**
     * As on Heroku, {@code paas run worker} runs the {@code worker} process type's command: a
     * command that is exactly the name of one of the release's process types.
     */
    static Optional<String> processTypeCommand(AppState.RunnableRelease live, String command) {
        return Optional.ofNullable(live.release().processTypes().get(command.strip())).filter(c -> !c.isBlank());
    }

    /**
     * A one-off's terminal as its client describes it in the dyno's environment, as Heroku's run
     * does: {@code TERM}, and {@code LINES} by {@code COLUMNS} for its first size (not known when
     * either is missing or out of range; RESIZE frames may tell it later).
     */
    static ExecTerminal terminalOf(Map<String, String> env) {
        ExecTerminal.Size size;
        try {
            size = new ExecTerminal.Size(number(env.get("LINES")), number(env.get("COLUMNS")));
        } catch (IllegalArgumentException outOfRange) {
            size = new ExecTerminal.Size(0, 0);
        }
        try {
            return new ExecTerminal(env.getOrDefault("TERM", ""), size.rows(), size.columns());
        } catch (IllegalArgumentException badTerm) {
            // TERM only names what the programs draw for, and the dyno's environment has it as given.
            return new ExecTerminal("xterm", size.rows(), size.columns());
        }
    }

    private static int number(String value) {
        try {
            return value == null ? 0 : Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private void publish(String app, String dyno, String text) {
        logs.publish(new LogLine(clock.instant(), app, Source.PAAS, dyno, text));
    }

    private int freeRunNumber(String app) {
        Set<String> taken = visible(app).stream().map(Dyno::name).collect(Collectors.toSet());
        while (true) {
            int n = ThreadLocalRandom.current().nextInt(1000, 10000);
            if (!taken.contains("run." + n)) {
                return n;
            }
        }
    }

    /**
     * A selector of {@link #restart} or {@link #stop} names a dyno the app has, or one of its
     * process types (of its release, its formation or its running dynos): an unknown one is a 404,
     * not a silent success.
     */
    private void checkSelector(App app, String selector) {
        if (selector == null) {
            return;
        }
        if (!SELECTOR.matcher(selector).matches()) {
            throw new PlatformException.InvalidParams("'" + selector + "' is neither a process type nor a dyno name"
                    + " like web.1: `paas ps -a " + app.name() + "` lists them");
        }
        String name = app.name().value();
        List<Dyno> dynos = visible(name); // with a one-off started a moment ago, before a pass lists it
        if (selector.indexOf('.') >= 0) {
            if (dynos.stream().noneMatch(d -> d.name().equals(selector))) {
                throw new PlatformException.NotFound("app " + name + " has no dyno " + selector + ": `paas ps -a " + name
                        + "` lists them");
            }
            return;
        }
        Set<String> types = new TreeSet<>();
        reader.load(name).ifPresent(state -> {
            state.live().ifPresent(live -> live.release().processTypes().keySet().stream()
                    .filter(type -> !type.equals("release")).forEach(types::add));
            types.addAll(state.formation().keySet());
        });
        dynos.forEach(d -> types.add(d.type()));
        if (!types.contains(selector)) {
            throw new PlatformException.NotFound("app " + name + " has no process type " + selector + ": "
                    + (types.isEmpty() ? "it has none yet; deploy it first" : "its process types are " + String.join(", ", types)));
        }
    }

    private App require(User caller, String app) {
        return db.inTransaction(c -> guard.require(c, caller, app));
    }
}
