package paas.router.proxy;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/** {@code X-Request-Id}: keep the client's when it is a sane one, else make a new one. */
final class RequestIds {
    static final int MIN = 20;
    static final int MAX = 200;

    private RequestIds() {
    }

    /** The incoming id if valid (20 to 200 of {@code [A-Za-z0-9+/=_.:-]}), else a random UUID. */
    static String keepOrCreate(String incoming) {
        return isValid(incoming) ? incoming : random();
    }

    static boolean isValid(String id) {
        if (id == null || id.length() < MIN || id.length() > MAX) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '+' || c == '/' || c == '=' || c == '_' || c == '.' || c == ':' || c == '-';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /**
     * A version 4 UUID. Ids only need to be unique, not secret, so this avoids the shared
     * SecureRandom behind {@link UUID#randomUUID()} that every event loop would contend on.
     */
    static String random() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        long msb = (r.nextLong() & ~0xF000L) | 0x4000L;
        long lsb = (r.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(msb, lsb).toString();
    }
}
