package paas.process;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Builds the {@code paas ps} view: running dynos plus crashed formation slots waiting to restart. */
final class DynoTable {
    private DynoTable() {
    }

    static Map<String, List<Dyno>> build(Map<String, Formation> want, Collection<Dyno> running,
                                         Map<CrashHistory.Slot, CrashHistory.Entry> crashes) {
        Map<String, List<Dyno>> byApp = new HashMap<>();
        for (Dyno d : running) {
            byApp.computeIfAbsent(d.app(), a -> new ArrayList<>()).add(d);
        }
        crashes.forEach((slot, c) -> {
            Formation f = want.get(slot.app());
            ProcessFormation p = f == null ? null : f.processes().get(Names.typeOf(slot.dyno()));
            if (!c.waiting || p == null) {
                return;
            }
            byApp.computeIfAbsent(slot.app(), a -> new ArrayList<>()).add(new Dyno(slot.app(), slot.dyno(),
                    f.release().version(), p.command(), p.size().name(), DynoState.CRASHED, c.since, c.exitCode,
                    null, null, false));
        });
        Comparator<Dyno> order = Comparator.comparing((Dyno d) -> Names.typeOf(d.name()))
                .thenComparingInt(d -> Names.indexOf(d.name())).thenComparingInt(Dyno::release);
        Map<String, List<Dyno>> result = new HashMap<>();
        byApp.forEach((app, list) -> result.put(app, list.stream().sorted(order).toList()));
        return Map.copyOf(result);
    }
}
