package paas.process;

import java.io.IOException;
import java.net.Socket;
import java.time.Duration;

/**
 * Decides whether a starting dyno is ready to receive traffic. Called from the reconciler's
 * thread once per pass for each starting web dyno; must return within about its timeout.
 */
@FunctionalInterface
public interface Readiness {
    boolean ready(DynoHandle dyno);

    /**
     * Ready when a TCP connection to the dyno's probe address succeeds: the app has bound
     * {@code PORT}, which is what Heroku's boot check (R10) means. Dynos without a probe address
     * are ready at once.
     */
    static Readiness tcpConnect(Duration timeout) {
        int millis = Math.toIntExact(Math.max(1, timeout.toMillis()));
        return dyno -> {
            if (dyno.probe() == null) {
                return true;
            }
            try (Socket s = new Socket()) {
                s.connect(dyno.probe().address(), millis);
                return true;
            } catch (IOException e) {
                return false;
            }
        };
    }
}
