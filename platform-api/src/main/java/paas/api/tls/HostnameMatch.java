package paas.api.tls;

import paas.vocabulary.Hostname;

import java.util.Collection;

/** Whether any of a certificate's DNS names serves a routed hostname, by {@link Hostname#serves}. */
public final class HostnameMatch {
    private HostnameMatch() {
    }

    public static boolean anyCovers(Collection<String> certNames, String hostname) {
        return certNames.stream().anyMatch(n -> Hostname.serves(n, hostname));
    }
}
