package paas.vocabulary;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A dyno size: the resources one dyno of that size may use. The API offers the sizes by name
 * ({@code standard-1x}); the process manager enforces the numbers (the docker runtime does; the
 * local runtime cannot, and says so in its Javadoc). Names are lower case here and in the API's
 * answers; users may type them in any case and by Heroku's names of the same sizes
 * ({@link #canonicalName}), and the CLI prints them as Heroku does ({@link #herokuName}).
 *
 * @param name     the size's name as users type it, e.g. {@code standard-1x}
 * @param memoryMb memory limit in MiB (swap is not added on top)
 * @param cpus     CPU share, e.g. {@code 1.0} or {@code 0.5}
 * @param pids     the most processes and threads the dyno may have at once
 */
public record DynoSize(String name, int memoryMb, double cpus, int pids) {
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9.-]{0,31}");
    /**
     * Heroku's names for sizes the platform offers under another name, with the same memory:
     * eco, free and hobby dynos have basic's 512 MB, Private and Shield dynos those of
     * standard-2x (1 GB), performance-m (2.5 GB) and performance-l (14 GB).
     */
    private static final Map<String, String> HEROKU_ALIASES = Map.of(
            "eco", "basic", "free", "basic", "hobby", "basic",
            "private-s", "standard-2x", "shield-s", "standard-2x",
            "private-m", "performance-m", "shield-m", "performance-m",
            "private-l", "performance-l", "shield-l", "performance-l");

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

    /**
     * The platform's name for a size as a user typed it: {@code Standard-2X} is
     * {@code standard-2x}, {@code Eco} is {@code basic}. Whether the platform offers that size is
     * not checked here.
     */
    public static String canonicalName(String typed) {
        String lower = typed.strip().toLowerCase(Locale.ROOT);
        return HEROKU_ALIASES.getOrDefault(lower, lower);
    }

    /**
     * A size's name as Heroku prints it, which {@link #canonicalName} reads back: the first word
     * capitalized, the others in capitals ({@code Standard-1X}, {@code Performance-M},
     * {@code Basic}).
     */
    public static String herokuName(String name) {
        String[] words = name.split("-", -1);
        StringBuilder shown = new StringBuilder();
        for (int i = 0; i < words.length; i++) {
            String word = words[i];
            if (i > 0) {
                shown.append('-').append(word.toUpperCase(Locale.ROOT));
            } else if (!word.isEmpty()) {
                shown.append(word.substring(0, 1).toUpperCase(Locale.ROOT)).append(word.substring(1).toLowerCase(Locale.ROOT));
            }
        }
        return shown.toString();
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
