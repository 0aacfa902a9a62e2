package paas.process.addons;

/**
 * An add-on that was provisioned before has neither its container nor its data volume on the
 * engine (removed by hand, lost with the engine's storage). Its container is not made again on an
 * empty volume: that would hand its apps an empty database under the old URL without a word.
 * Nothing was created; making a new, empty volume is {@link AddonRuntime.DataVolume#CREATE}, the
 * caller's explicit choice.
 */
public final class AddonDataMissingException extends RuntimeException {
    private final String addonId;
    private final String volume;

    public AddonDataMissingException(String addonId, String volume) {
        super("the data volume " + volume + " of add-on " + addonId + " is gone from the engine (with its container);"
                + " nothing was created in its place");
        this.addonId = addonId;
        this.volume = volume;
    }

    public String addonId() {
        return addonId;
    }

    /** The engine's name of the volume that is missing. */
    public String volume() {
        return volume;
    }
}
