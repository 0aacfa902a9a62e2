/**
 * The router on Netty. A client connection's pipeline is built by {@code ProxyInitializer}:
 * {@code StrictRequestDecoder} (Netty's decoder, refusing obs-fold) → response encoder →
 * {@code OneMessagePerRead} (one message per read, auto-read off) → {@code RequestGuard}
 * (framing and size checks) → {@code FrontendHandler} (one request at a time, keep-alive). Each
 * request is an {@code Exchange}: its {@code DynoConnector} picks a dyno with the {@code Balancer}
 * and borrows or opens a connection from the event loop's {@code BackendPool}, its
 * {@code DynoRequest} sends the request over it, and the dyno side's {@code BackendHandler} relays
 * the answer back through its {@code ClientResponse}. A websocket handshake turns both connections
 * into a {@code TunnelHandler} pair. Everything for one request runs on one event loop.
 */
package paas.router.proxy;
