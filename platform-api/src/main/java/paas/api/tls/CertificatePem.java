package paas.api.tls;

import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import paas.api.domain.PlatformException;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * PEM text to certificates and keys and back. Reads certificate chains (leaf first) and private
 * keys in PKCS#8 ({@code BEGIN PRIVATE KEY}), PKCS#1 ({@code BEGIN RSA PRIVATE KEY}) and SEC1
 * ({@code BEGIN EC PRIVATE KEY}), with BouncyCastle's PEM parser; writes keys as PKCS#8. Input is
 * a user's: anything else is a 422 that says what was expected.
 */
public final class CertificatePem {
    /** Far beyond any real chain; a bound on what one request may make us parse. */
    static final int MAX_PEM_CHARS = 64 * 1024;
    static final int MAX_CHAIN = 10;

    private CertificatePem() {
    }

    public static List<X509Certificate> chain(String pem) {
        if (pem == null || pem.isBlank()) {
            throw new PlatformException.InvalidParams("the certificate chain is empty: give the PEM file that starts"
                    + " with -----BEGIN CERTIFICATE----- (your certificate first, then its intermediates)");
        }
        if (pem.length() > MAX_PEM_CHARS) {
            throw new PlatformException.InvalidParams("the certificate chain is longer than " + MAX_PEM_CHARS
                    + " characters: give only your certificate and its intermediates");
        }
        List<X509Certificate> chain = new ArrayList<>();
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            Object item;
            while ((item = parser.readObject()) != null) {
                if (!(item instanceof X509CertificateHolder holder)) {
                    throw new PlatformException.InvalidParams("the certificate chain holds something other than"
                            + " certificates (" + describe(item) + "): give the private key in its own file");
                }
                chain.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(holder.getEncoded())));
                if (chain.size() > MAX_CHAIN) {
                    throw new PlatformException.InvalidParams("the certificate chain holds more than " + MAX_CHAIN
                            + " certificates: give your certificate and its intermediates only");
                }
            }
        } catch (IOException | CertificateException | RuntimeException e) {
            if (e instanceof PlatformException p) {
                throw p;
            }
            throw new PlatformException.InvalidParams("the certificate chain is not valid PEM (" + oneLine(e)
                    + "): give the file that starts with -----BEGIN CERTIFICATE-----");
        }
        if (chain.isEmpty()) {
            throw new PlatformException.InvalidParams("the certificate chain holds no certificate: give the PEM file"
                    + " that starts with -----BEGIN CERTIFICATE-----");
        }
        return List.copyOf(chain);
    }

    public static PrivateKey key(String pem) {
        if (pem == null || pem.isBlank()) {
            throw new PlatformException.InvalidParams("the private key is empty: give the PEM file that starts with"
                    + " -----BEGIN PRIVATE KEY----- (or RSA/EC PRIVATE KEY)");
        }
        if (pem.length() > MAX_PEM_CHARS) {
            throw new PlatformException.InvalidParams("the private key is longer than " + MAX_PEM_CHARS + " characters");
        }
        Object item;
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            item = parser.readObject();
            if (item == null) {
                throw new PlatformException.InvalidParams("the private key file holds no PEM block: give the file"
                        + " that starts with -----BEGIN PRIVATE KEY----- (or RSA/EC PRIVATE KEY)");
            }
            if (parser.readObject() != null) {
                throw new PlatformException.InvalidParams("the private key file holds more than one PEM block:"
                        + " give only the certificate's private key");
            }
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
            if (item instanceof PEMKeyPair pair) {
                return converter.getPrivateKey(pair.getPrivateKeyInfo());
            }
            if (item instanceof PrivateKeyInfo info) {
                return converter.getPrivateKey(info);
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof PlatformException p) {
                throw p;
            }
            throw new PlatformException.InvalidParams("the private key is not valid PEM (" + oneLine(e)
                    + "): give an unencrypted RSA or EC key in PEM");
        }
        if (item instanceof PEMEncryptedKeyPair || item instanceof PKCS8EncryptedPrivateKeyInfo) {
            throw new PlatformException.InvalidParams("the private key is encrypted with a passphrase: remove it"
                    + " first, e.g. `openssl pkey -in key.pem -out plain.pem`, and give that file");
        }
        throw new PlatformException.InvalidParams("the private key file holds " + describe(item)
                + ", not a private key: give the file that starts with -----BEGIN PRIVATE KEY-----");
    }

    public static String toPem(List<X509Certificate> chain) {
        StringBuilder out = new StringBuilder();
        for (X509Certificate cert : chain) {
            try {
                out.append(block("CERTIFICATE", cert.getEncoded()));
            } catch (java.security.cert.CertificateEncodingException e) {
                throw new IllegalStateException("a parsed certificate cannot be encoded again", e);
            }
        }
        return out.toString();
    }

    /** The key as PKCS#8 PEM ({@code BEGIN PRIVATE KEY}). */
    public static String toPem(PrivateKey key) {
        return block("PRIVATE KEY", key.getEncoded());
    }

    /** A public key as X.509 PEM ({@code BEGIN PUBLIC KEY}). */
    public static String publicKeyPem(java.security.PublicKey key) {
        return block("PUBLIC KEY", key.getEncoded());
    }

    private static String block(String type, byte[] der) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
    }

    private static String describe(Object item) {
        return item instanceof PrivateKeyInfo || item instanceof PEMKeyPair ? "a private key"
                : item instanceof X509CertificateHolder ? "a certificate"
                : "a " + item.getClass().getSimpleName().replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase();
    }

    private static String oneLine(Exception e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        m = m.replaceAll("\\s+", " ");
        return m.length() > 120 ? m.substring(0, 120) + "…" : m;
    }
}
