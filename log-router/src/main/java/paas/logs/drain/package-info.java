/**
 * Drains: URL rules ({@link paas.logs.DrainUrl}), one worker per drain with its buffer and
 * backoff, the per-app drain set, and the transports in {@code syslog} and {@code https}.
 * Internal to the module, except {@link paas.logs.drain.TlsContexts} for building trust.
 */
package paas.logs.drain;
