package paas.router.tls;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * ACME HTTP-01 answers the router gives on its plain-HTTP port, for any hostname, before routing:
 * {@code GET /.well-known/acme-challenge/TOKEN} answers the token's key authorization. The
 * platform's ACME client puts a token while an order is being validated and removes it after.
 * Thread-safe.
 */
public final class AcmeChallenges {
    /** The path prefix the ACME server asks under. */
    public static final String PATH_PREFIX = "/.well-known/acme-challenge/";

    private final ConcurrentHashMap<String, String> answers = new ConcurrentHashMap<>();

    public void put(String token, String keyAuthorization) {
        answers.put(token, keyAuthorization);
    }

    public void remove(String token) {
        answers.remove(token);
    }

    /** The key authorization for {@code token}, if a validation for it is under way. */
    public Optional<String> answer(String token) {
        return Optional.ofNullable(answers.get(token));
    }

    /** Every token and its answer, as one snapshot (for routers in other processes). */
    public Map<String, String> all() {
        return Map.copyOf(answers);
    }

    /** Replaces every answer at once (routers in other processes follow the platform's). */
    public void replaceAll(Map<String, String> next) {
        answers.keySet().retainAll(next.keySet());
        answers.putAll(next);
    }
}
