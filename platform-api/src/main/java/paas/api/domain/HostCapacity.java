package paas.api.domain;

import java.lang.management.ManagementFactory;

/**
 * What the host that runs dynos can give one dyno at most: its memory and CPUs. A dyno size
 * beyond it could never start (the engine refuses it), so the API refuses it up front.
 */
public record HostCapacity(long memoryMb, int cpus) {
    public HostCapacity {
        if (memoryMb < 1 || cpus < 1) {
            throw new IllegalArgumentException("a host has memory and CPUs: " + memoryMb + " MB, " + cpus);
        }
    }

    /** No bound: for tests and callers that do not know the host. */
    public static HostCapacity unbounded() {
        return new HostCapacity(Long.MAX_VALUE, Integer.MAX_VALUE);
    }

    /** This machine's, where paasd runs next to the engine (the supported single-host install). */
    public static HostCapacity ofThisMachine() {
        long bytes = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getTotalMemorySize();
        return new HostCapacity(Math.max(1, bytes / (1024 * 1024)), Runtime.getRuntime().availableProcessors());
    }

    public boolean fits(paas.vocabulary.DynoSize size) {
        return size.memoryMb() <= memoryMb && size.cpus() <= cpus;
    }
}
