package paas.api.domain;

import paas.vocabulary.DynoSize;
import paas.vocabulary.Quote;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The sizes a formation may ask for, the default one, and the host they must fit. */
public record DynoSizes(Map<String, DynoSize> byName, String defaultSize, HostCapacity host) {

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
        return new DynoSizes(byName, defaultSize, HostCapacity.unbounded());
    }

    /** These sizes on {@code capacity}: those that do not fit it are refused by {@link #require}. */
    public DynoSizes on(HostCapacity capacity) {
        return new DynoSizes(byName, defaultSize, capacity);
    }

    public DynoSizes {
        byName = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(byName));
        if (!byName.containsKey(defaultSize)) {
            throw new IllegalArgumentException("default dyno size " + defaultSize + " is not among " + byName.keySet());
        }
        java.util.Objects.requireNonNull(host, "host");
    }

    /**
     * The size called {@code typed} in any case or by Heroku's name of it ({@code Standard-2X},
     * {@code Eco}: see {@link DynoSize#canonicalName}), or a refusal that names the limit and lists
     * the sizes that fit.
     */
    public DynoSize require(String typed) {
        DynoSize size = byName.get(DynoSize.canonicalName(typed));
        if (size == null) {
            throw new PlatformException.InvalidParams("unknown dyno size " + Quote.of(typed) + ": use one of " + fitting()
                    + " (in any case; Heroku's names such as Standard-2X or Eco are read too)");
        }
        String name = size.name();
        if (!host.fits(size)) {
            throw new PlatformException.InvalidParams("dyno size " + name + " needs " + size.memoryMb() + " MB and "
                    + size.cpus() + " CPUs, more than this platform's host has (" + host.memoryMb() + " MB, "
                    + host.cpus() + " CPUs): use one of " + fitting());
        }
        return size;
    }

    private String fitting() {
        return byName.values().stream().filter(host::fits).map(DynoSize::name).collect(Collectors.joining(", "));
    }
}
