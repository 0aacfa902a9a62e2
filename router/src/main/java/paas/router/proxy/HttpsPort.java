package paas.router.proxy;

/**
 * The TLS port the router listens on, once bound; https-only apps are redirected to it. Set once
 * by {@link ProxyServer} after binding (the port may have been 0, "any"), before the plain port
 * accepts its first connection; read by any event loop.
 */
final class HttpsPort {
    private volatile int port = -1;

    void set(int bound) {
        port = bound;
    }

    /** The bound TLS port; -1 while there is none (then nothing is redirected). */
    int get() {
        return port;
    }
}
