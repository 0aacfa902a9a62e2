package paas.api.domain;

import paas.vocabulary.DynoSize;
import paas.vocabulary.Quote;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The sizes a formation may ask for, and the default one. */
public record DynoSizes(Map<String, DynoSize> byName, String defaultSize) {

    /** Heroku's common sizes, with limits that fit a small host. */
    public static DynoSizes standard() {
        return of(List.of(
                size("basic", 512, 0.5),
                size("standard-1x", 512, 1),
                size("standard-2x", 1024, 2),
                size("performance-m", 2560, 2),
                size("performance-l", 14336, 4)), "standard-1x");
    }

    private static DynoSize size(String name, int memoryMb, double cpus) {
        return new DynoSize(name, memoryMb, cpus, DynoSize.pidsFor(memoryMb));
    }

    public static DynoSizes of(List<DynoSize> sizes, String defaultSize) {
        Map<String, DynoSize> byName = new LinkedHashMap<>();
        sizes.forEach(s -> byName.put(s.name(), s));
        return new DynoSizes(byName, defaultSize);
    }

    public DynoSizes {
        byName = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(byName));
        if (!byName.containsKey(defaultSize)) {
            throw new IllegalArgumentException("default dyno size " + defaultSize + " is not among " + byName.keySet());
        }
    }

    /** The size called {@code name}, or a refusal that lists the sizes there are. */
    public DynoSize require(String name) {
        DynoSize size = byName.get(name);
        if (size == null) {
            throw new PlatformException.InvalidParams("unknown dyno size " + Quote.of(name)
                    + ": use one of " + byName.keySet().stream().collect(Collectors.joining(", ")));
        }
        return size;
    }
}
