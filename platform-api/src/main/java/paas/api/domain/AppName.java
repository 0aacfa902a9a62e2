package paas.api.domain;

import paas.vocabulary.InvalidValueException;

/**
 * A valid app name; no invalid one exists past the API edge. The rule is the vocabulary's;
 * breaking it is a 422 here.
 */
public record AppName(String value) {
    public AppName {
        try {
            paas.vocabulary.AppName.check(value);
        } catch (InvalidValueException e) {
            throw new PlatformException.InvalidParams(e.getMessage());
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
