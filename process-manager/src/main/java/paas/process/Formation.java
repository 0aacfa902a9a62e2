package paas.process;

import java.util.Map;
import java.util.Objects;

/**
 * The desired state of one app: its current release and how many dynos of each process type
 * it runs. An empty {@code processes} map (or quantities of 0) stops every formation dyno.
 *
 * @param app       the app
 * @param release   the current release; a higher version than the running dynos' deploys it
 * @param processes process type to its formation; keys equal each value's {@code type}
 */
public record Formation(String app, Release release, Map<String, ProcessFormation> processes) {
    public Formation {
        Names.app(app);
        Objects.requireNonNull(release, "release");
        processes = Map.copyOf(processes);
        processes.forEach((type, p) -> {
            if (!type.equals(p.type())) {
                throw new IllegalArgumentException("formation key '" + type + "' differs from its type '" + p.type() + "'");
            }
        });
    }

    /** The quantity of {@code type}, 0 when it is not in the formation. */
    public int quantity(String type) {
        ProcessFormation p = processes.get(type);
        return p == null ? 0 : p.quantity();
    }
}
