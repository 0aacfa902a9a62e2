package paas.vocabulary;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A dyno size: the resources one dyno of that size may use. The API offers the sizes by name
 * ({@code standard-1x}); the process manager enforces the numbers (the docker runtime does; the
 * local runtime cannot, and says so in its Javadoc).
 *
 * @param name     the size's name as users type it, e.g. {@code standard-1x}
 * @param memoryMb memory limit in MiB (swap is not added on top)
 * @param cpus     CPU share, e.g. {@code 1.0} or {@code 0.5}
 * @param pids     the most processes and threads the dyno may have at once
 */
public record DynoSize(String name, int memoryMb, double cpus, int pids) {
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9.-]{0,31}");

    public DynoSize {
        Objects.requireNonNull(name, "size name");
        if (!NAME.matcher(name).matches()) {
            throw new InvalidValueException("size name '" + name + "' must match ^[a-z0-9][a-z0-9.-]{0,31}$");
        }
        if (memoryMb < 16 || memoryMb > 1024 * 1024) {
            throw new InvalidValueException("size " + name + ": memory " + memoryMb + " MB is outside 16..1048576");
        }
        if (!(cpus >= 0.01 && cpus <= 1024)) {
            throw new InvalidValueException("size " + name + ": cpus " + cpus + " is outside 0.01..1024");
        }
        if (pids < 8 || pids > 1_000_000) {
            throw new InvalidValueException("size " + name + ": pids " + pids + " is outside 8..1000000");
        }
    }

    /** Heroku allows 256 processes on standard dynos and many more on performance ones. */
    public static int pidsFor(int memoryMb) {
        return memoryMb >= 2048 ? 4096 : 256;
    }

    /** Heroku's standard-1x numbers: 512 MB, one CPU share, 256 processes. */
    public static DynoSize standard1x() {
        return new DynoSize("standard-1x", 512, 1.0, 256);
    }
}
