/**
 * The HTTP router: sends {@code APP.DOMAIN} and custom domains to the app's web dynos.
 *
 * <p>The platform builds a {@link paas.router.RouteTable}, fills it with a snapshot of every
 * {@link paas.router.Route} and then keeps it current with updates, starts a
 * {@link paas.router.proxy.RouterServer} with a {@link paas.router.RouterConfig}, and receives one
 * {@link paas.router.RouterLogLine} per request through its {@link paas.router.RouterLog}. The
 * Netty side lives in {@code paas.router.proxy} and is not part of this package's contract.
 */
package paas.router;
