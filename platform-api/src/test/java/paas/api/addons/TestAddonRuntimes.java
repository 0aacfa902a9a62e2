package paas.api.addons;

import paas.process.addons.AddonRuntime;

/** The in-memory add-on runtime for unit tests in other packages. */
public final class TestAddonRuntimes {
    private TestAddonRuntimes() {
    }

    public static AddonRuntime inMemory() {
        return new MemoryAddonRuntime();
    }
}
