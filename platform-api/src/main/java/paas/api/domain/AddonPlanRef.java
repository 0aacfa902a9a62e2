package paas.api.domain;

/**
 * A kind and plan as a request names them: {@code postgresql}, {@code heroku-postgresql:standard},
 * {@code redis:small}. The one place these names are read; anything else is a 422 listing the
 * accepted kinds and plans.
 */
public record AddonPlanRef(AddonKind kind, AddonPlan plan) {
    public AddonPlanRef {
        java.util.Objects.requireNonNull(kind, "kind");
        java.util.Objects.requireNonNull(plan, "plan");
    }

    public static AddonPlanRef parse(String requested) {
        if (requested == null || requested.isBlank()) {
            throw invalid("no add-on plan given");
        }
        String trimmed = requested.strip();
        int colon = trimmed.indexOf(':');
        String kindName = colon < 0 ? trimmed : trimmed.substring(0, colon);
        AddonKind kind = AddonKind.named(kindName).orElseThrow(() -> invalid("unknown add-on kind '" + kindName + "'"));
        if (colon < 0) {
            return new AddonPlanRef(kind, AddonPlan.DEFAULT);
        }
        String planName = trimmed.substring(colon + 1);
        try {
            return new AddonPlanRef(kind, AddonPlan.of(planName));
        } catch (PlatformException.InvalidParams e) {
            throw invalid("unknown add-on plan '" + planName + "'");
        }
    }

    /** Heroku's plan name: {@code heroku-postgresql:small}. */
    public String planName() {
        return kind.serviceName() + ":" + plan.value();
    }

    public AddonLimits limits() {
        return kind.limits(plan);
    }

    private static PlatformException.InvalidParams invalid(String what) {
        return new PlatformException.InvalidParams(what + ": the kinds are " + AddonKind.acceptedNames()
                + ", with a plan after a colon (" + AddonPlan.names() + ", default " + AddonPlan.DEFAULT.value()
                + "), e.g. postgresql:standard");
    }
}
