package paas.api.prepare;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the numbered steps deploy/stack/build.sh prints, {@code "       (K/N) WHAT"}: step K of the
 * N steps of this run. Every other line of the scripts is not progress.
 */
final class ProgressLine {
    private static final Pattern NUMBERED = Pattern.compile("^\\s*\\((\\d{1,6})/(\\d{1,6})\\) (\\S.*)$");

    private ProgressLine() {
    }

    static Optional<PreparationState.Running> parse(String line) {
        Matcher m = NUMBERED.matcher(line);
        if (!m.matches()) {
            return Optional.empty();
        }
        int step = Integer.parseInt(m.group(1));
        int steps = Integer.parseInt(m.group(2));
        if (steps == 0 || step == 0) {
            return Optional.empty();
        }
        // The script clamps too; a count that is off must never make an invalid state.
        return Optional.of(new PreparationState.Running(Math.min(step, steps), steps, m.group(3).strip()));
    }
}
