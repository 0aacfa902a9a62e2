package paas.api.domain;

import paas.vocabulary.InvalidValueException;

/**
 * A valid config var name: what a POSIX shell can export. The rule is the vocabulary's;
 * breaking it is a 422 here.
 */
public record ConfigKey(String value) {

    public ConfigKey {
        try {
            paas.vocabulary.ConfigKey.check(value);
        } catch (InvalidValueException e) {
            throw new PlatformException.InvalidParams(e.getMessage());
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
