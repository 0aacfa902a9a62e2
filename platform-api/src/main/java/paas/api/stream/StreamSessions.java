package paas.api.stream;

import paas.api.auth.Authenticator;
import paas.api.domain.Authenticated;
import paas.api.domain.PlatformException;
import paas.api.domain.User;
import paas.api.dynos.OneOffAttachment;
import paas.api.dynos.ReleaseOutputLinks;
import paas.api.dynos.StreamTickets;
import paas.logs.LogFormat;
import paas.logs.LogRouter;
import paas.logs.Tail;
import paas.logs.TailRequest;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The secrets behind {@code logplex_url} and {@code attach_url}: each names one log session or
 * one attachable one-off dyno, is valid for one request by the user who asked for it, and expires
 * (5 minutes for logs, 60 seconds for one-off dynos, whose dyno starts only on attach). A log
 * session asked for through the API opens with its secret alone, as Heroku's {@code logplex_url}
 * does (clients open it with no Authorization header): the secret then stands for the token that
 * asked for it, so that token's revocation still refuses or ends the stream.
 * Thread-safe.
 */
public final class StreamSessions implements Sessions, StreamTickets {
    static final Duration LOG_SESSION_TTL = Duration.ofMinutes(5);
    static final Duration RUN_SESSION_TTL = Duration.ofSeconds(60);
    /** Bounds memory held by sessions nobody opens. */
    static final int MAX_PENDING = 10_000;

    /**
     * @param app      the app the stream is of, null for none
     * @param issuedTo the token the secret stands for when it opens without one; null: it needs the token
     */
    private record Pending<T>(UUID userId, String app, Authenticated issuedTo, Instant expires,
                              T payload) {
    }

    private final Authenticator authenticator;
    private final LogRouter logs;
    private final OpenStreams open;
    private final AppAccess access;
    /** Null where no release outputs are served. */
    private final ReleaseOutputLinks releaseOutputs;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Pending<TailRequest>> logSessions = new ConcurrentHashMap<>();
    private final Map<String, Pending<OneOffAttachment>> runSessions = new ConcurrentHashMap<>();

    /**
     * @param open   where each opened stream is registered with its token, so a revocation ends it
     * @param access asked when a ticket of an app's stream is redeemed
     */
    public StreamSessions(Authenticator authenticator, LogRouter logs, OpenStreams open, AppAccess access,
                          Clock clock) {
        this(authenticator, logs, open, access, null, clock);
    }

    /** @param releaseOutputs the links of {@code output_stream_url}, whose outputs this serves */
    public StreamSessions(Authenticator authenticator, LogRouter logs, OpenStreams open, AppAccess access,
                          ReleaseOutputLinks releaseOutputs, Clock clock) {
        this.authenticator = authenticator;
        this.logs = logs;
        this.open = open;
        this.access = access;
        this.releaseOutputs = releaseOutputs;
        this.clock = clock;
    }

    /** A new log session for {@code user}; answers its secret. */
    @Override
    public String newLogSession(User user, TailRequest request) {
        Instant now = clock.instant();
        return register(logSessions, new Pending<>(user.id(), request.app(), null, now.plus(LOG_SESSION_TTL),
                request));
    }

    /** A new log session that opens with its secret alone, as {@code who}; answers the secret. */
    @Override
    public String newLogSession(Authenticated who, TailRequest request) {
        Instant now = clock.instant();
        return register(logSessions, new Pending<>(who.user().id(), request.app(), who,
                now.plus(LOG_SESSION_TTL), request));
    }

    /** A one-off dyno waiting for {@code user} to attach; answers its secret. */
    @Override
    public String newRunSession(User user, OneOffAttachment dyno) {
        return newRunSession(user, null, dyno);
    }

    @Override
    public String newRunSession(User user, String app, OneOffAttachment dyno) {
        Instant now = clock.instant();
        return register(runSessions, new Pending<>(user.id(), app, null, now.plus(RUN_SESSION_TTL), dyno));
    }

    @Override
    public LogStream openLog(String authorization, String secret, StreamConnection connection) {
        TailRequest request = claim(logSessions, authorization, secret, "log session", connection);
        return new TailStream(logs.tail(request));
    }

    @Override
    public OneOffAttachment openRun(String authorization, String secret, StreamConnection connection) {
        return claim(runSessions, authorization, secret, "one-off dyno session", connection);
    }

    @Override
    public LogStream openReleaseOutput(String link) {
        if (releaseOutputs == null) {
            return Sessions.super.openReleaseOutput(link);
        }
        return new FinishedText(releaseOutputs.output(link));
    }

    private <T> String register(Map<String, Pending<T>> sessions, Pending<T> pending) {
        Instant now = clock.instant();
        sessions.values().removeIf(p -> p.expires().isBefore(now));
        if (sessions.size() >= MAX_PENDING) {
            throw new PlatformException.InvalidParams("too many sessions are waiting to be opened; open or let"
                    + " the earlier ones expire first");
        }
        byte[] bytes = new byte[24];
        random.nextBytes(bytes);
        String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        sessions.put(secret, pending);
        return secret;
    }

    private <T> T claim(Map<String, Pending<T>> sessions, String authorization, String secret, String what,
                        StreamConnection connection) {
        Pending<T> pending = sessions.get(secret);
        boolean selfAuthenticating = pending != null && pending.issuedTo() != null
                && Authenticator.secretOf(authorization) == null;
        Authenticated opener = selfAuthenticating ? pending.issuedTo()
                : authenticator.identify(authorization, connection.remoteAddress());
        User caller = opener.user();
        if (pending == null || pending.expires().isBefore(clock.instant())) {
            sessions.remove(secret);
            throw new PlatformException.NotFound("this " + what + " does not exist, was used already or expired:"
                    + " ask for a new one");
        }
        if (!pending.userId().equals(caller.id())) {
            throw new PlatformException.Forbidden("this " + what + " belongs to another user");
        }
        if (!sessions.remove(secret, pending)) {
            throw new PlatformException.NotFound("this " + what + " was used already: ask for a new one");
        }
        OpenStreams.Watch watch = open.watch(opener, pending.app(), connection);
        connection.whenClosed(watch::close);
        // Likewise for access to the app, which may have been removed since the ticket was issued:
        // asked of the store after watching, so a removal that commits later ends the stream instead.
        if (pending.app() != null) {
            try {
                access.require(caller, pending.app());
            } catch (RuntimeException e) {
                watch.close();
                throw e;
            }
        }
        // A revocation that committed between the token check above and the watch missed this
        // stream; checking the token again after watching closes that gap.
        if (!authenticator.isLive(opener)) {
            watch.close();
            throw new PlatformException.Unauthorized("the token was revoked, or its user disabled, while this "
                    + what + " was opening: run `paas login` with a current token");
        }
        return pending.payload();
    }

    /** A text already complete, line by line, then the end. */
    private static final class FinishedText implements LogStream {
        private final java.util.Iterator<String> lines;

        FinishedText(String text) {
            lines = text.lines().iterator();
        }

        @Override
        public synchronized Optional<String> next(Duration timeout) {
            return lines.hasNext() ? Optional.of(lines.next()) : Optional.empty();
        }

        @Override
        public synchronized boolean ended() {
            return !lines.hasNext();
        }

        @Override
        public void close() {
        }
    }

    private static final class TailStream implements LogStream {
        private final Tail tail;

        TailStream(Tail tail) {
            this.tail = tail;
        }

        @Override
        public Optional<String> next(Duration timeout) throws InterruptedException {
            return tail.poll(timeout).map(LogFormat::format);
        }

        @Override
        public boolean ended() {
            return tail.isEnded();
        }

        @Override
        public void close() {
            tail.close();
        }
    }
}
