package paas.api.domain;

import paas.vocabulary.InvalidValueException;

/**
 * A valid process type name, as a Procfile declares it ({@code web}, {@code worker}). The
 * rule is the vocabulary's; breaking it is a 422 here.
 */
public record ProcessType(String value) {
    public ProcessType {
        try {
            paas.vocabulary.ProcessType.check(value);
        } catch (InvalidValueException e) {
            throw new PlatformException.InvalidParams(e.getMessage());
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
