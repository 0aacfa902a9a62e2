package paas.api.domain;

/** What a plan gives an add-on's service: its container's memory and its client connections. */
public record AddonLimits(long memoryBytes, int connections) {
    public AddonLimits {
        if (memoryBytes <= 0 || connections <= 0) {
            throw new IllegalArgumentException("limits must be positive");
        }
    }

    static AddonLimits mebibytes(long mib, int connections) {
        return new AddonLimits(mib * 1024 * 1024, connections);
    }
}
