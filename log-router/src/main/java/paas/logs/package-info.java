/**
 * The log router: one stream per app gathered from dynos, the router, the platform and builds;
 * the last lines of each app in memory; live tails with filters; drains to syslog (TCP, TLS)
 * and HTTPS receivers. The public face is {@link paas.logs.LogRouter} with its records
 * ({@link paas.logs.LogLine}, {@link paas.logs.TailRequest}, {@link paas.logs.Drain},
 * {@link paas.logs.DrainStatus}), {@link paas.logs.Tail}, {@link paas.logs.DynoOutput} to turn
 * raw output into lines, and {@link paas.logs.LogFormat} for the CLI's format.
 * {@link paas.logs.router.MemoryLogRouter} is the implementation; {@code platform-api} wires it.
 */
package paas.logs;
