package paas.api.domain;

import paas.vocabulary.InvalidValueException;
import paas.vocabulary.StackName;

/**
 * The stack an app builds on, as the vocabulary's {@link StackName} names them; an unknown one
 * is a 422 here.
 */
public record Stack(String name) {
    public static final String BUILDPACKS = StackName.BUILDPACKS;
    public static final String CONTAINER = StackName.CONTAINER;

    public Stack {
        try {
            StackName.check(name);
        } catch (InvalidValueException e) {
            throw new PlatformException.InvalidParams(e.getMessage());
        }
    }
}
