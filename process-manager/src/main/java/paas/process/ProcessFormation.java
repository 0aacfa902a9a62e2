package paas.process;

import paas.vocabulary.DynoSize;

import java.util.Objects;

/**
 * How many dynos of one process type should run, how big, with which command.
 *
 * @param type     process type ({@code web}, {@code worker})
 * @param quantity 0 or more; the platform enforces its own (configurable) cap before this
 * @param size     limits of each dyno
 * @param command  the Procfile command
 */
public record ProcessFormation(String type, int quantity, DynoSize size, String command) {
    /** A sanity bound for values that reach this module; the platform's configurable cap is lower. */
    public static final int MAX_QUANTITY = 10_000;

    public ProcessFormation {
        Names.type(type);
        if (type.equals("run") || type.equals("release")) {
            throw new IllegalArgumentException("process type '" + type + "' cannot be scaled: it names one-off dynos ("
                    + type + ".N), started by paas run or the release phase");
        }
        if (quantity < 0 || quantity > MAX_QUANTITY) {
            throw new IllegalArgumentException("quantity " + quantity + " of " + type + " is outside 0.." + MAX_QUANTITY);
        }
        Objects.requireNonNull(size, "size");
        Names.command(command);
    }
}
