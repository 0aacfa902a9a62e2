package paas.api.tls;

import java.util.Collection;
import java.util.Locale;

/**
 * Whether a certificate's DNS name serves a routed hostname, as a browser decides: the same name,
 * or a one-label wildcard over it ({@code *.example.com} covers {@code www.example.com}, not
 * {@code example.com} or {@code a.b.example.com}). A wildcard domain is served by the same wildcard.
 */
public final class HostnameMatch {
    private HostnameMatch() {
    }

    public static boolean covers(String certName, String hostname) {
        String name = certName.toLowerCase(Locale.ROOT);
        String host = hostname.toLowerCase(Locale.ROOT);
        if (name.equals(host)) {
            return true;
        }
        if (!name.startsWith("*.") || host.startsWith("*.")) {
            return false;
        }
        int dot = host.indexOf('.');
        return dot > 0 && host.substring(dot).equals(name.substring(1));
    }

    public static boolean anyCovers(Collection<String> certNames, String hostname) {
        return certNames.stream().anyMatch(n -> covers(n, hostname));
    }
}
