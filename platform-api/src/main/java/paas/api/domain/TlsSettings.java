package paas.api.domain;

/**
 * An app's TLS settings.
 *
 * @param acm       the platform obtains and renews certificates for the app's domains (certs:auto)
 * @param httpsOnly the router answers plain-HTTP requests with a redirect to HTTPS
 */
public record TlsSettings(boolean acm, boolean httpsOnly) {
}
