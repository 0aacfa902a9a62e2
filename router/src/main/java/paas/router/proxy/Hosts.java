package paas.router.proxy;

/** Parses the authority a request names into the hostname the route table is keyed by. */
final class Hosts {
    private Hosts() {
    }

    /**
     * {@code Example.COM:8080} → {@code example.com}; {@code [::1]:80} → {@code [::1]}. Null when the
     * value is not {@code host[:port]} with a DNS-like or IP-literal host.
     */
    static String routingHost(String authority) {
        if (authority.isEmpty() || authority.length() > 300) {
            return null;
        }
        String host;
        String port;
        if (authority.charAt(0) == '[') {
            int close = authority.indexOf(']');
            if (close < 0) {
                return null;
            }
            host = authority.substring(0, close + 1);
            for (int i = 1; i < close; i++) {
                char c = authority.charAt(i);
                if (!(isHex(c) || c == ':' || c == '.')) {
                    return null;
                }
            }
            String after = authority.substring(close + 1);
            if (!after.isEmpty() && after.charAt(0) != ':') {
                return null;
            }
            port = after.isEmpty() ? null : after.substring(1);
        } else {
            int colon = authority.indexOf(':');
            host = colon < 0 ? authority : authority.substring(0, colon);
            port = colon < 0 ? null : authority.substring(colon + 1);
            if (host.isEmpty()) {
                return null;
            }
            for (int i = 0; i < host.length(); i++) {
                char c = host.charAt(i);
                if (!(Character.isLetterOrDigit(c) && c < 128 || c == '.' || c == '-' || c == '_')) {
                    return null;
                }
            }
        }
        if (port != null && (port.isEmpty() || port.length() > 5 || !port.chars().allMatch(Character::isDigit))) {
            return null;
        }
        if (host.endsWith(".")) {
            host = host.substring(0, host.length() - 1);
        }
        return host.isEmpty() ? null : toLower(host);
    }

    private static boolean isHex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    private static String toLower(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 'A' && c <= 'Z') {
                return s.toLowerCase(java.util.Locale.ROOT);
            }
        }
        return s;
    }
}
