package paas.api.stream;

import paas.api.domain.AppName;
import paas.api.domain.Authenticated;
import paas.api.service.AccessListener;

import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * The streams open right now and the token each was opened with, so that revoking that token, or
 * disabling or destroying its user, or removing them from the stream's app, ends them at once: the account service tells this registry
 * (as its {@link AccessListener}) after the change commits, and the registry ends each affected
 * stream through its {@link StreamConnection}. Nothing polls. Thread-safe.
 */
public final class OpenStreams implements AccessListener {
    /** One open stream, until it ends ({@link #close()}) or is revoked. */
    public final class Watch implements AutoCloseable {
        private final Authenticated opener;
        private final String app;
        private final StreamConnection connection;

        private Watch(Authenticated opener, String app, StreamConnection connection) {
            this.opener = opener;
            this.app = app;
            this.connection = connection;
        }

        @Override
        public void close() {
            watches.remove(this);
        }
    }

    private final Set<Watch> watches = ConcurrentHashMap.newKeySet();

    /** Remembers that {@code opener} opened a stream on {@code connection}; close the watch when it ends. */
    public Watch watch(Authenticated opener, StreamConnection connection) {
        return watch(opener, null, connection);
    }

    /** As {@link #watch(Authenticated, StreamConnection)}, for a stream of {@code app} (null: of no one app). */
    public Watch watch(Authenticated opener, String app, StreamConnection connection) {
        Watch watch = new Watch(opener, app, connection);
        watches.add(watch);
        return watch;
    }

    @Override
    public void appAccessRemoved(UUID userId, AppName app) {
        revokeWhere(w -> w.opener.user().id().equals(userId) && app.value().equals(w.app),
                "your access to app " + app + " was removed");
    }

    @Override
    public void tokenRevoked(UUID tokenId) {
        // Revocations are rare and open streams few (hundreds), so a scan beats keeping two indexes.
        revokeWhere(w -> w.opener.tokenId().equals(tokenId), "the token this stream was opened with was revoked");
    }

    @Override
    public void userCutOff(UUID userId) {
        revokeWhere(w -> w.opener.user().id().equals(userId),
                "the user who opened this stream was disabled or destroyed by an admin");
    }

    /** How many streams are open (for tests). */
    int size() {
        return watches.size();
    }

    private void revokeWhere(Predicate<Watch> affected, String why) {
        for (Watch w : watches) {
            if (affected.test(w)) {
                w.close();
                w.connection.revoke(why);
            }
        }
    }
}
