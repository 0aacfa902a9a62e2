package paas.api.domain;

import paas.vocabulary.Quote;

import java.util.regex.Pattern;

/** A valid DNS hostname for routing, optionally a wildcard ({@code *.example.com}). */
public record Hostname(String value) {
    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
    private static final int MAX_LENGTH = 253;

    public Hostname {
        if (!valid(value)) {
            throw new PlatformException.InvalidParams("invalid hostname " + Quote.of(value)
                    + ": a hostname is lowercase dot-separated labels of a-z, 0-9 and '-' (not at a"
                    + " label's ends), each 1 to 63 characters, at least two labels, at most "
                    + MAX_LENGTH + " characters in all; a leading '*.' makes a wildcard");
        }
    }

    private static boolean valid(String value) {
        if (value == null || value.isEmpty() || value.length() > MAX_LENGTH) {
            return false;
        }
        String rest = value.startsWith("*.") ? value.substring(2) : value;
        String[] labels = rest.split("\\.", -1);
        if (labels.length < 2) {
            return false;
        }
        for (String label : labels) {
            if (!LABEL.matcher(label).matches()) {
                return false;
            }
        }
        return true;
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
