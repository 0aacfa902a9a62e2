package paas.api.dynos;

import paas.process.Dyno;
import paas.process.DynoState;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** What {@code GET /apps/{app}/dynos} lists: each dyno name once, as Heroku shows them. */
final class DynoListing {
    private DynoListing() {
    }

    /**
     * The process manager's dynos plus the one-offs created but not yet seen running (waiting for
     * their client), one row per name. During a rolling restart a name has two dynos, the old one
     * and its replacement: the replacement is shown once it is up, the old one until then.
     */
    static List<Dyno> visible(List<Dyno> managed, List<Dyno> attachable) {
        Map<String, Dyno> byName = new LinkedHashMap<>();
        for (Dyno d : managed) {
            byName.merge(d.name(), d, DynoListing::shown);
        }
        Set<String> managedNames = managed.stream().map(Dyno::name).collect(Collectors.toSet());
        List<Dyno> result = new ArrayList<>(byName.values());
        attachable.stream().filter(d -> !managedNames.contains(d.name())).forEach(result::add);
        result.sort(Comparator.comparing(Dyno::type).thenComparing(DynoListing::index));
        return List.copyOf(result);
    }

    /** Of two dynos with one name: an up one (the later up when both are), else the one not starting (the old). */
    private static Dyno shown(Dyno a, Dyno b) {
        boolean aUp = a.state() == DynoState.UP;
        boolean bUp = b.state() == DynoState.UP;
        if (aUp && bUp) {
            return b.since().isAfter(a.since()) ? b : a;
        }
        if (aUp != bUp) {
            return aUp ? a : b;
        }
        return a.state() == DynoState.STARTING ? b : a;
    }

    private static long index(Dyno d) {
        String name = d.name();
        int dot = name.indexOf('.');
        try {
            return dot < 0 ? 0 : Long.parseLong(name.substring(dot + 1));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
