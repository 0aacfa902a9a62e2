package paas.builder;

/**
 * What happens when a deployable branch is pushed: the platform builds and releases it.
 * Called on a worker thread, with the app's build lock held, before the ref moves: a rejected
 * push leaves the repository's branch where it was.
 */
@FunctionalInterface
public interface PushHandler {

    sealed interface Outcome permits Accepted, Rejected {
    }

    record Accepted() implements Outcome {
    }

    /** The push is refused; {@code reason} is short and shown by git as "[remote rejected] (reason)". */
    record Rejected(String reason) implements Outcome {
    }

    Outcome handle(Push push, BuildOutput output) throws InterruptedException;
}
