package paas.api.prepare;

import java.util.Objects;

/**
 * Where the preparation of the build stack (the Docker engine and the stack images) stands: one
 * immutable snapshot. {@link StackPreparation} moves from one to the next.
 */
public sealed interface PreparationState {
    /** How the API names the state: idle, running, ready or failed. */
    String word();

    /** Nothing started yet. */
    record Idle() implements PreparationState {
        @Override
        public String word() {
            return "idle";
        }
    }

    /**
     * Under way, at {@code step} of {@code steps} (both 0 while the count is not known yet, e.g. while the
     * engine starts or when nothing is numbered).
     *
     * @param detail what runs now, such as "starting the Docker engine" or "stack-run Step 3/20 : RUN ..."
     */
    record Running(int step, int steps, String detail) implements PreparationState {
        /** A detail longer than this is cut in progress lines: a docker step's RUN line can be very long. */
        static final int DETAIL_MAX = 100;

        public Running {
            Objects.requireNonNull(detail, "detail");
            if (steps < 0 || step < 0 || step > steps) {
                throw new IllegalArgumentException("step " + step + " of " + steps + ": use 0 <= step <= steps");
            }
            if (detail.isBlank()) {
                throw new IllegalArgumentException("a running preparation says what it does");
            }
        }

        @Override
        public String word() {
            return "running";
        }

        /** The line a waiting push shows: "Preparing the build stack (3/21) ... stack-build Step 3/23 : COPY ...". */
        public String progress() {
            String what = detail.length() > DETAIL_MAX ? detail.substring(0, DETAIL_MAX - 3) + "..." : detail;
            return "Preparing the build stack" + (steps > 0 ? " (" + step + "/" + steps + ")" : "") + " ... " + what;
        }
    }

    /** The engine answers and the stack images exist. */
    record Ready() implements PreparationState {
        @Override
        public String word() {
            return "ready";
        }
    }

    /** @param reason one line: what failed and the command that fixes it */
    record Failed(String reason) implements PreparationState {
        public Failed {
            Objects.requireNonNull(reason, "reason");
            if (reason.isBlank() || reason.contains("\n")) {
                throw new IllegalArgumentException("a failure's reason is one non-blank line");
            }
        }

        @Override
        public String word() {
            return "failed";
        }
    }
}
