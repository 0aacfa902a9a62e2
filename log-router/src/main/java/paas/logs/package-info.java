/**
 * The log router: gathers app, router and platform log lines into one stream per app,
 * keeps recent history, serves live tails and forwards to drains. Its work arrives with
 * the log-router issue; {@code platform-api} is the only module that will depend on it.
 */
package paas.logs;
