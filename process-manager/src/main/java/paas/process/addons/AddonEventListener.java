package paas.process.addons;

/** Told when an add-on container dies or is started again. Must not block for long. */
@FunctionalInterface
public interface AddonEventListener {
    enum Kind { CRASHED, RESTARTED }

    void on(String addonId, Kind kind, String detail);
}
