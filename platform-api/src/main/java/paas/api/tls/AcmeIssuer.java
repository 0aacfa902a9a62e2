package paas.api.tls;

import org.shredzone.acme4j.AccountBuilder;
import org.shredzone.acme4j.Authorization;
import org.shredzone.acme4j.Login;
import org.shredzone.acme4j.Order;
import org.shredzone.acme4j.Problem;
import org.shredzone.acme4j.RevocationReason;
import org.shredzone.acme4j.Session;
import org.shredzone.acme4j.Status;
import org.shredzone.acme4j.challenge.Http01Challenge;
import org.shredzone.acme4j.connector.HttpConnector;
import org.shredzone.acme4j.connector.NetworkSettings;
import org.shredzone.acme4j.exception.AcmeException;
import org.shredzone.acme4j.provider.GenericAcmeProvider;
import paas.router.tls.AcmeChallenges;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Orders certificates from an ACME server (acme4j) with HTTP-01: each challenge's answer is
 * published in {@link AcmeChallenges}, which the router serves on its plain port, while the
 * server validates; then the order is finalized with a new key and the chain downloaded. Blocks
 * (network, bounded polling with sleeps): call it from a platform thread of its own, never an
 * event loop or a virtual thread. One order at a time per instance.
 */
public final class AcmeIssuer {
    private final URI directory;
    private final Optional<Path> caBundle;
    private final Optional<String> email;
    private final KeyPair accountKey;
    private final AcmeChallenges challenges;
    private final Runnable challengesChanged;
    private final Duration validationWait;

    /** Why an order failed, in words for the app's log and {@code certs:auto}. */
    public static final class Failure extends Exception {
        public Failure(String reason, Throwable cause) {
            super(reason, cause);
        }
    }

    /**
     * @param caBundle       PEM roots to trust for the server's HTTPS besides the JDK's (a test CA)
     * @param challengesChanged told after each answer is published or withdrawn (routers in other processes follow)
     * @param validationWait how long a challenge and the order may take each before the order fails
     */
    public AcmeIssuer(URI directory, Optional<Path> caBundle, Optional<String> email, KeyPair accountKey,
                      AcmeChallenges challenges, Runnable challengesChanged, Duration validationWait) {
        this.challengesChanged = challengesChanged;
        this.directory = directory;
        this.caBundle = caBundle;
        this.email = email;
        this.accountKey = accountKey;
        this.challenges = challenges;
        this.validationWait = validationWait;
    }

    /** A certificate for {@code hostname} (one name per certificate: one bad name fails no other). */
    public synchronized CheckedCertificate issue(String hostname) throws Failure, InterruptedException {
        try {
            Order order = login().newOrder().domain(hostname).create();
            for (Authorization auth : order.getAuthorizations()) {
                if (auth.getStatus() == Status.VALID) {
                    continue;
                }
                Http01Challenge challenge = auth.findChallenge(Http01Challenge.class).orElseThrow(() -> new Failure(
                        "the ACME server offers no HTTP-01 challenge for " + hostname, null));
                challenges.put(challenge.getToken(), challenge.getAuthorization());
                challengesChanged.run();
                try {
                    challenge.trigger();
                    Status status = challenge.waitForCompletion(validationWait);
                    if (status != Status.VALID) {
                        throw new Failure("the ACME server could not validate " + hostname + ": "
                                + challenge.getError().map(AcmeIssuer::describe).orElse("status " + status)
                                + "; point the name's DNS at this platform's router (port 80 must reach it)", null);
                    }
                } finally {
                    challenges.remove(challenge.getToken());
                    challengesChanged.run();
                }
            }
            KeyPair domainKey = CertificateMaker.ecKeyPair();
            order.execute(domainKey);
            Status status = order.waitForCompletion(validationWait);
            if (status != Status.VALID) {
                throw new Failure("the ACME server did not issue the certificate for " + hostname + ": "
                        + order.getError().map(AcmeIssuer::describe).orElse("order status " + status), null);
            }
            org.shredzone.acme4j.Certificate issued = order.getCertificate();
            List<X509Certificate> chain = issued.getCertificateChain();
            return CertificateChecks.issued(chain, domainKey.getPrivate());
        } catch (AcmeException e) {
            throw new Failure("the ACME server at " + directory + " refused or failed: " + oneLine(e.getMessage()), e);
        }
    }

    /** Revokes a certificate this platform's account ordered. */
    public synchronized void revoke(X509Certificate certificate) throws Failure {
        try {
            org.shredzone.acme4j.Certificate.revoke(login(), certificate, RevocationReason.CESSATION_OF_OPERATION);
        } catch (AcmeException e) {
            throw new Failure("the ACME server did not revoke " + certificate.getSubjectX500Principal().getName()
                    + ": " + oneLine(e.getMessage()), e);
        }
    }

    /** The platform's account (created at the first order, found by its key after). */
    private Login login() throws AcmeException {
        AccountBuilder builder = new AccountBuilder().agreeToTermsOfService().useKeyPair(accountKey);
        email.ifPresent(builder::addEmail);
        return builder.createLogin(session());
    }

    private Session session() {
        if (caBundle.isEmpty()) {
            return new Session(directory);
        }
        SSLContext context = trusting(caBundle.get());
        return new Session(directory, new GenericAcmeProvider() {
            @Override
            protected HttpConnector createHttpConnector(NetworkSettings settings) {
                return new HttpConnector(settings) {
                    @Override
                    public HttpClient.Builder createClientBuilder() {
                        return super.createClientBuilder().sslContext(context);
                    }
                };
            }
        });
    }

    /** An SSL context that trusts the roots in {@code bundle} (PEM). */
    static SSLContext trusting(Path bundle) {
        try {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int i = 0;
            for (X509Certificate cert : CertificatePem.chain(Files.readString(bundle))) {
                store.setCertificateEntry("ca-" + i++, cert);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, tmf.getTrustManagers(), null);
            return context;
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            throw new IllegalStateException("PAAS_ACME_CA_BUNDLE=" + bundle + " cannot be used: " + e.getMessage()
                    + "; give a PEM file of CA certificates", e);
        }
    }

    private static String describe(Problem problem) {
        return oneLine(problem.getDetail().orElse(problem.getTitle().orElse(problem.getType().toString())));
    }

    private static String oneLine(String text) {
        return text == null ? "no detail" : text.replaceAll("\\s+", " ");
    }
}
