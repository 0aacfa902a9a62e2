package paas.vocabulary;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A hostname an app answers at: lowercase DNS labels, at least two, optionally a wildcard of one
 * label ({@code *.example.com}, which matches {@code www.example.com} only). Given in any case,
 * kept lowercase, as DNS compares names. A name, never an address: its last label (the top-level
 * domain) is not all digits, so {@code 127.0.0.1} or the host's own IP cannot be claimed.
 */
public record Hostname(String value) {
    /** One DNS label: a-z, 0-9 and '-', not at its ends, 1 to 63 characters. */
    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
    public static final int MAX_LENGTH = 253;
    private static final String WILDCARD = "*.";

    public Hostname {
        String lower = value == null ? "" : value.toLowerCase(Locale.ROOT);
        String named = lower.startsWith(WILDCARD) ? lower.substring(WILDCARD.length()) : lower;
        if (lower.length() > MAX_LENGTH || !isDnsName(named, 2)) {
            throw new InvalidValueException("invalid hostname " + Quote.of(value)
                    + ": a hostname is dot-separated labels of a-z, 0-9 and '-' (not at a label's ends), each 1"
                    + " to 63 characters, at least two labels, at most " + MAX_LENGTH + " characters in all;"
                    + " a leading '*.' makes a wildcard");
        }
        if (named.substring(named.lastIndexOf('.') + 1).chars().allMatch(Character::isDigit)) {
            throw new InvalidValueException("invalid hostname " + Quote.of(value)
                    + ": an IP address is not a hostname; add a DNS name that points at the platform");
        }
        value = lower;
    }

    /** True for {@code minLabels} or more lowercase DNS labels joined by dots, at most {@link #MAX_LENGTH} characters. */
    public static boolean isDnsName(String name, int minLabels) {
        if (name == null || name.isEmpty() || name.length() > MAX_LENGTH) {
            return false;
        }
        String[] labels = name.split("\\.", -1);
        if (labels.length < minLabels) {
            return false;
        }
        for (String label : labels) {
            if (!LABEL.matcher(label).matches()) {
                return false;
            }
        }
        return true;
    }

    public boolean isWildcard() {
        return value.startsWith(WILDCARD);
    }

    /**
     * True when a request for one name could be meant for the other: the same name, or a
     * wildcard and a name of one more label under its parent ({@code *.a.example} and
     * {@code api.a.example}). Two apps may never own overlapping names.
     */
    public boolean overlaps(Hostname other) {
        return serves(value, other.value) || serves(other.value, value);
    }

    /**
     * Whether {@code name} (a route's or a certificate's: exact, or a one-label wildcard) serves
     * {@code host}, case-insensitively: the same name, or {@code *.example.com} over
     * {@code www.example.com} (not {@code example.com}, not {@code a.b.example.com}). A wildcard
     * host is served only by the same wildcard. Plain strings, since certificates may name what is
     * not a {@link Hostname} (one label, an address).
     */
    public static boolean serves(String name, String host) {
        String n = name.toLowerCase(java.util.Locale.ROOT);
        String h = host.toLowerCase(java.util.Locale.ROOT);
        if (n.equals(h)) {
            return true;
        }
        if (!n.startsWith(WILDCARD) || h.startsWith(WILDCARD)) {
            return false;
        }
        int dot = h.indexOf('.');
        return dot > 0 && h.substring(dot + 1).equals(n.substring(WILDCARD.length()));
    }

    /** The names a request for this one could also match: its wildcard ({@code *.a.example} for {@code api.a.example}). */
    public java.util.Optional<Hostname> wildcardOver() {
        if (isWildcard()) {
            return java.util.Optional.empty();
        }
        String parent = value.substring(value.indexOf('.') + 1);
        return parent.contains(".") ? java.util.Optional.of(new Hostname(WILDCARD + parent)) : java.util.Optional.empty();
    }

    /** True when this name is {@code domain} itself or a name under it. */
    public boolean isWithin(String domain) {
        return value.equals(domain) || value.endsWith("." + domain);
    }

    @Override
    public String toString() {
        return value;
    }
}
