package paas.api.domain;

/**
 * How much one user or app may ask of the platform, so one tenant cannot take a shared host
 * for itself. Each refusal names its limit and the variable that raises it.
 *
 * @param appsPerUser  apps one user may own ({@code PAAS_MAX_APPS_PER_USER})
 * @param dynosPerType dynos of one process type ({@code PAAS_MAX_DYNOS_PER_TYPE}; Heroku's is 100)
 * @param dynosPerApp  dynos of one app, all types together ({@code PAAS_MAX_DYNOS_PER_APP})
 * @param dynosOnHost  dynos of all apps together ({@code PAAS_MAX_DYNOS})
 */
public record Quotas(int appsPerUser, int dynosPerType, int dynosPerApp, int dynosOnHost) {
    public Quotas {
        if (appsPerUser < 1 || dynosPerType < 1 || dynosPerApp < 1 || dynosOnHost < 1) {
            throw new IllegalArgumentException("every quota must be at least 1: " + appsPerUser + ", " + dynosPerType
                    + ", " + dynosPerApp + ", " + dynosOnHost);
        }
    }

    public static Quotas defaults() {
        return new Quotas(100, 100, 200, 500);
    }

    public Quotas withDynosPerType(int perType) {
        return new Quotas(appsPerUser, perType, dynosPerApp, dynosOnHost);
    }

    /** Refuses one more app for a user who owns {@code owned} already, when that is the most. */
    public void checkAnotherApp(int owned) {
        if (owned >= appsPerUser) {
            throw new PlatformException.InvalidParams("you own " + owned + " apps, the most one user may own on this"
                    + " platform is " + appsPerUser + ": destroy one you no longer need (`paas apps:destroy`), or ask"
                    + " the operator to raise PAAS_MAX_APPS_PER_USER");
        }
    }

    /** Refuses a formation that would give the app {@code perApp} dynos and the platform {@code onHost}, when over a limit. */
    public void checkDynos(AppName app, int perApp, int onHost) {
        if (perApp > dynosPerApp) {
            throw new PlatformException.InvalidParams("this would give " + app + " " + perApp + " dynos; an app may"
                    + " have at most " + dynosPerApp + " (all process types together): scale another type down,"
                    + " or ask the operator to raise PAAS_MAX_DYNOS_PER_APP");
        }
        if (onHost > dynosOnHost) {
            throw new PlatformException.InvalidParams("this would run " + onHost + " dynos on the platform; it runs"
                    + " at most " + dynosOnHost + " (all apps together): scale something down, or ask the operator"
                    + " to raise PAAS_MAX_DYNOS");
        }
    }
}
