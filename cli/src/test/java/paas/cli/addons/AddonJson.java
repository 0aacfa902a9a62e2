package paas.cli.addons;

/** Add-on and attachment objects as the API answers them (docs/api.md, "Add-ons"). */
final class AddonJson {
  static final String PG_ID = "8b6f3a52-0a43-4a8e-9a3c-1f0d9c1e2a01";
  static final String PG2_ID = "8b6f3a52-0a43-4a8e-9a3c-1f0d9c1e2a02";
  static final String REDIS_ID = "8b6f3a52-0a43-4a8e-9a3c-1f0d9c1e2a03";
  static final String OTHER_PG_ID = "8b6f3a52-0a43-4a8e-9a3c-1f0d9c1e2a04";

  private AddonJson() {}

  static String addon(String id, String name, String service, String plan, String owner, String state,
      String... configVars) {
    StringBuilder vars = new StringBuilder();
    for (String var : configVars) {
      vars.append(vars.isEmpty() ? "" : ",").append('"').append(var).append('"');
    }
    return """
        {"id":"%s","name":"%s","addon_service":{"id":"s-%s","name":"%s"},"plan":{"id":"p-%s","name":"%s:%s"},
         "app":{"id":"a-%s","name":"%s"},"state":"%s","config_vars":[%s],"created_at":"2026-12-04T10:00:00Z",
         "updated_at":"2026-12-04T10:00:05Z","provider_id":"c0ffee","web_url":null}"""
        .formatted(id, name, service, service, plan, service, plan, owner, owner, state, vars);
  }

  static String pg(String state) {
    return addon(PG_ID, "postgresql-curved-12345", "heroku-postgresql", "small", "my-app", state,
        "DATABASE_URL", "HEROKU_POSTGRESQL_RED_URL");
  }

  static String pg2() {
    return addon(PG2_ID, "postgresql-round-67890", "heroku-postgresql", "standard", "my-app", "provisioned",
        "HEROKU_POSTGRESQL_BLUE_URL");
  }

  static String redis() {
    return addon(REDIS_ID, "redis-flat-24680", "heroku-redis", "small", "my-app", "provisioned", "REDIS_URL");
  }

  static String attachment(String id, String name, String addonId, String addonName, String owner, String app) {
    return """
        {"id":"%s","name":"%s","addon":{"id":"%s","name":"%s","app":{"id":"a-%s","name":"%s"}},
         "app":{"id":"a-%s","name":"%s"},"created_at":"2026-12-04T10:00:00Z","updated_at":"2026-12-04T10:00:00Z"}"""
        .formatted(id, name, addonId, addonName, owner, owner, app, app);
  }

  static String list(String... items) {
    return "[" + String.join(",", items) + "]";
  }
}
