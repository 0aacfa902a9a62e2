package paas.api.dynos;

import paas.api.domain.Authenticated;
import paas.api.domain.PlatformException;
import paas.api.service.AppGuard;
import paas.api.store.Database;
import paas.logs.Source;
import paas.logs.TailRequest;

import java.util.Set;

/** {@code POST /apps/{app}/log-sessions}: checks access and the filters, then registers the session. Thread-safe. */
public final class LogSessionService {
    private final Database db;
    private final AppGuard guard;
    private final StreamTickets sessions;

    public LogSessionService(Database db, AppGuard guard, StreamTickets sessions) {
        this.db = db;
        this.guard = guard;
        this.sessions = sessions;
    }

    /**
     * Answers the session's secret, which opens the stream on its own (the URL is the credential).
     * {@code source} and {@code dyno} may be null (no filter).
     */
    public String create(Authenticated caller, String app, int lines, boolean tail, String source, String dyno) {
        String name = db.inTransaction(c -> guard.require(c, caller.user(), app)).name().value();
        try {
            Set<Source> sources = source == null ? Set.of() : Set.of(Source.parse(source));
            return sessions.newLogSession(caller, new TailRequest(name, lines, tail, sources, dyno));
        } catch (IllegalArgumentException e) {
            throw new PlatformException.InvalidParams(e.getMessage());
        }
    }
}
