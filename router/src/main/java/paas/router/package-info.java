/**
 * The HTTP router: sends {@code APP.DOMAIN} and custom domains to the app's web dynos.
 * Its work arrives with the router issue; it is fed a route table by {@code platform-api}.
 */
package paas.router;
