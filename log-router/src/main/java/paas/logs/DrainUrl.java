package paas.logs;

import paas.logs.InvalidDrainUrlException;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * A drain URL, parsed and checked for syntax. The rules, each refused with its own message:
 * at most {@value #MAX_LENGTH} characters; scheme {@code syslog+tcp}, {@code syslog+tls} or
 * {@code https}; a host; a port in 1–65535 (required for syslog, 443 by default for https);
 * no credentials, path, query or fragment for syslog; no fragment for https (credentials
 * there become HTTP Basic auth, as Heroku does); IPv4 literals written as four decimal numbers.
 *
 * @param kind     how lines are delivered
 * @param host     host name or IP literal, IPv6 without brackets
 * @param port     1–65535
 * @param uri      the URL as given
 * @param userInfo {@code user:password} for https, or {@code null}
 */
public record DrainUrl(Kind kind, String host, int port, URI uri, String userInfo) {
    public static final int MAX_LENGTH = 2048;

    /** The three delivery kinds. */
    public enum Kind { SYSLOG_TCP, SYSLOG_TLS, HTTPS }

    /** Parses and checks {@code url}; throws {@link InvalidDrainUrlException} stating the rule broken. */
    public static DrainUrl parse(String url) {
        if (url == null || url.isBlank()) {
            throw new InvalidDrainUrlException("drain URL is empty; use syslog+tls://HOST:PORT, syslog+tcp://HOST:PORT or https://HOST/PATH");
        }
        if (url.length() > MAX_LENGTH) {
            throw new InvalidDrainUrlException("drain URL is " + url.length() + " characters long; the limit is " + MAX_LENGTH);
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new InvalidDrainUrlException("drain URL '" + url + "' is not a valid URL: " + e.getReason()
                    + " at index " + e.getIndex());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        Kind kind = switch (scheme) {
            case "syslog+tcp" -> Kind.SYSLOG_TCP;
            case "syslog+tls" -> Kind.SYSLOG_TLS;
            case "https" -> Kind.HTTPS;
            default -> throw new InvalidDrainUrlException("drain URL scheme '" + scheme
                    + "' is not supported; use syslog+tls://HOST:PORT, syslog+tcp://HOST:PORT or https://HOST/PATH");
        };
        String host = uri.getHost();
        if (host == null && uri.getRawAuthority() != null) {
            // java.net.URI gives no host for names it cannot parse, such as "127.1"; say why.
            String authority = uri.getRawAuthority().substring(uri.getRawAuthority().lastIndexOf('@') + 1);
            String hostPart = authority.contains(":") ? authority.substring(0, authority.lastIndexOf(':')) : authority;
            if (!hostPart.isEmpty() && hostPart.chars().allMatch(c -> c == '.' || (c >= '0' && c <= '9'))) {
                requireDottedQuad(hostPart);
            }
        }
        if (uri.isOpaque() || host == null || host.isEmpty()) {
            throw new InvalidDrainUrlException("drain URL '" + url + "' needs a host name or IP address after " + scheme + "://"
                    + " (letters, digits, dots and dashes)");
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        } else if (host.chars().allMatch(c -> c == '.' || (c >= '0' && c <= '9'))) {
            requireDottedQuad(host);
        }
        int port = uri.getPort();
        boolean syslog = kind != Kind.HTTPS;
        if (port == -1 && syslog) {
            throw new InvalidDrainUrlException("syslog drain URLs need a port: " + scheme + "://" + host + ":PORT");
        }
        if (port == -1) {
            port = 443;
        }
        if (port < 1 || port > 65535) {
            throw new InvalidDrainUrlException("drain URL port must be between 1 and 65535, got " + port);
        }
        if (syslog) {
            if (uri.getRawUserInfo() != null) {
                throw new InvalidDrainUrlException("syslog drain URLs may not carry credentials (user:password@)");
            }
            String path = uri.getRawPath();
            if ((path != null && !path.isEmpty() && !path.equals("/")) || uri.getRawQuery() != null || uri.getRawFragment() != null) {
                throw new InvalidDrainUrlException("syslog drain URLs take no path, query or fragment: " + scheme + "://HOST:PORT");
            }
        } else if (uri.getRawFragment() != null) {
            throw new InvalidDrainUrlException("https drain URLs take no fragment (#...)");
        }
        return new DrainUrl(kind, host, port, uri, syslog ? null : uri.getUserInfo());
    }

    /** The URL without credentials, for messages and status (credentials never reach a log). */
    public String redacted() {
        if (userInfo == null) {
            return uri.toString();
        }
        return uri.toString().replace(uri.getRawUserInfo() + "@", "***@");
    }

    private static void requireDottedQuad(String host) {
        String[] parts = host.split("\\.", -1);
        boolean ok = parts.length == 4;
        for (int i = 0; ok && i < 4; i++) {
            String p = parts[i];
            ok = !p.isEmpty() && p.length() <= 3 && !(p.length() > 1 && p.charAt(0) == '0') && Integer.parseInt(p) <= 255;
        }
        if (!ok) {
            throw new InvalidDrainUrlException("drain host '" + host
                    + "' is not an IPv4 address; write it as four decimal numbers 0-255 without leading zeros (e.g. 192.0.2.10)");
        }
    }
}
