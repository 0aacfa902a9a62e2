package paas.process;

/** The two signals the platform sends to dynos. */
public enum Signal {
    /** Asks every process of the dyno to exit. */
    TERM,
    /** Ends every process of the dyno at once. */
    KILL
}
