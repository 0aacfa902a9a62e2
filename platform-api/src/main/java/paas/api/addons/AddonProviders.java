package paas.api.addons;

import paas.api.domain.AddonKind;
import paas.process.addons.AddonRuntime;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** The runtime add-on containers run on, and a provider for each kind of add-on. */
public final class AddonProviders {
    private final AddonRuntime runtime;
    private final Map<AddonKind, AddonProvider> byKind;

    public AddonProviders(AddonRuntime runtime, List<AddonProvider> providers) {
        this.runtime = runtime;
        Map<AddonKind, AddonProvider> map = new EnumMap<>(AddonKind.class);
        providers.forEach(p -> map.put(p.kind(), p));
        if (map.size() != AddonKind.values().length) {
            throw new IllegalArgumentException("a provider for every add-on kind is needed, got " + map.keySet());
        }
        this.byKind = Map.copyOf(map);
    }

    /** PostgreSQL and Redis from the service images deploy/stack/build.sh makes. */
    public static AddonProviders standard(AddonRuntime runtime) {
        return new AddonProviders(runtime, List.of(new PostgresProvider(runtime, PostgresProvider.IMAGE),
                new RedisProvider(runtime, RedisProvider.IMAGE)));
    }

    public AddonRuntime runtime() {
        return runtime;
    }

    public AddonProvider of(AddonKind kind) {
        return byKind.get(kind);
    }
}
