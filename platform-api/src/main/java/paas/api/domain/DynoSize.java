package paas.api.domain;

/** A dyno size: the memory and CPU limits a dyno of that size runs with. */
public record DynoSize(String name, int memoryMb, double cpus) {
    public DynoSize {
        if (name == null || name.isBlank() || memoryMb <= 0 || cpus <= 0) {
            throw new IllegalArgumentException("dyno size needs a name, memory and cpus: " + name);
        }
    }
}
