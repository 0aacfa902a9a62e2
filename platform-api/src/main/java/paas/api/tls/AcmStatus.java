package paas.api.tls;

import java.time.Instant;

/**
 * Where automated certificate management stands for one hostname, as {@code certs:auto} shows
 * it (Heroku's {@code acm_status} and {@code acm_status_reason} of a domain).
 *
 * @param status  {@code cert issued}, {@code pending}, {@code failing}, {@code disabled}
 * @param reason  why it is failing, else empty
 */
public record AcmStatus(String hostname, String status, String reason, Instant updatedAt) {
    public static final String ISSUED = "cert issued";
    public static final String PENDING = "pending";
    public static final String FAILING = "failing";
    public static final String COVERED = "covered by the platform's wildcard";
}
