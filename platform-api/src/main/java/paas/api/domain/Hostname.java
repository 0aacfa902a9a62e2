package paas.api.domain;

import paas.vocabulary.InvalidValueException;

/**
 * A valid hostname for routing, optionally a wildcard ({@code *.example.com}), lowercase. The rule
 * is the vocabulary's; breaking it is a 422 here.
 */
public record Hostname(String value) {
    public Hostname {
        try {
            value = new paas.vocabulary.Hostname(value).value();
        } catch (InvalidValueException e) {
            throw new PlatformException.InvalidParams(e.getMessage());
        }
    }

    /** True when this name is {@code domain} itself or a name under it. */
    public boolean isWithin(String domain) {
        return new paas.vocabulary.Hostname(value).isWithin(domain);
    }

    @Override
    public String toString() {
        return value;
    }
}
