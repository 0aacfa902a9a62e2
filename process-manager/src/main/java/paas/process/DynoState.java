package paas.process;

/** A dyno's state as {@code paas ps} shows it, in Heroku's words. */
public enum DynoState {
    STARTING, UP, CRASHED, DOWN;

    /** The lower-case word used in log lines and the API: {@code starting}. */
    public String word() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
