package paas.builder.buildpack;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Sources the java-maven buildpack's .profile.d/jvm.sh with bash, as a dyno start does. */
class JvmProfileTest {
    private static final Path SCRIPT = Path.of("src/main/resources/buildpacks/java-maven/profile/jvm.sh");

    private static Map<String, String> source(Map<String, String> env) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(List.of("bash", "-c",
                ". \"$0\" && for v in JDBC_DATABASE_URL JDBC_DATABASE_USERNAME JDBC_DATABASE_PASSWORD"
                        + " SPRING_DATASOURCE_URL SPRING_DATASOURCE_USERNAME SPRING_DATASOURCE_PASSWORD;"
                        + " do printf '%s=%s\\n' \"$v\" \"${!v-<unset>}\"; done", SCRIPT.toAbsolutePath().toString()));
        pb.environment().clear();
        pb.environment().put("PATH", "/usr/bin:/bin");
        pb.environment().putAll(env);
        pb.redirectErrorStream(true);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
        Map<String, String> vars = new LinkedHashMap<>();
        out.lines().forEach(l -> vars.put(l.substring(0, l.indexOf('=')), l.substring(l.indexOf('=') + 1)));
        return vars;
    }

    @Test
    void databaseUrlBecomesJdbcAndSpringSettings() throws Exception {
        Map<String, String> vars = source(Map.of("DATABASE_URL",
                "postgres://app%40user:p%3Ass%2Fw0rd@db.internal:5433/appdb?sslmode=require"));
        String url = "jdbc:postgresql://db.internal:5433/appdb?user=app%40user&password=p%3Ass%2Fw0rd&sslmode=require";
        assertThat(vars).containsEntry("JDBC_DATABASE_URL", url)
                .containsEntry("JDBC_DATABASE_USERNAME", "app@user")
                .containsEntry("JDBC_DATABASE_PASSWORD", "p:ss/w0rd")
                .containsEntry("SPRING_DATASOURCE_URL", url)
                .containsEntry("SPRING_DATASOURCE_USERNAME", "app@user")
                .containsEntry("SPRING_DATASOURCE_PASSWORD", "p:ss/w0rd");
    }

    @Test
    void postgresqlSchemeWithoutPortWorksAndSetValuesAreKept() throws Exception {
        Map<String, String> vars = source(Map.of("DATABASE_URL", "postgresql://u:pw@host/db",
                "SPRING_DATASOURCE_URL", "jdbc:postgresql://override/db"));
        assertThat(vars).containsEntry("JDBC_DATABASE_URL", "jdbc:postgresql://host/db?user=u&password=pw")
                .containsEntry("SPRING_DATASOURCE_URL", "jdbc:postgresql://override/db")
                .containsEntry("SPRING_DATASOURCE_PASSWORD", "pw");
    }

    @Test
    void credentialsAreEncodedForTheQueryAndNoSslmodeIsAdded() throws Exception {
        Map<String, String> vars = source(Map.of("DATABASE_URL", "postgres://app:pa+ss&w%C3%B6rd=@10.0.0.5:5432/postgres"));
        assertThat(vars).containsEntry("JDBC_DATABASE_URL",
                        "jdbc:postgresql://10.0.0.5:5432/postgres?user=app&password=pa%2Bss%26w%C3%B6rd%3D")
                .containsEntry("JDBC_DATABASE_PASSWORD", "pa+ss&w\u00f6rd=");
        assertThat(source(Map.of("DATABASE_URL", "postgres://db.internal/app")))
                .containsEntry("JDBC_DATABASE_URL", "jdbc:postgresql://db.internal/app");
    }

    @Test
    void nothingIsSetWithoutAPostgresUrl() throws Exception {
        assertThat(source(Map.of())).containsEntry("JDBC_DATABASE_URL", "<unset>");
        assertThat(source(Map.of("DATABASE_URL", "mysql://u:p@h/db"))).containsEntry("JDBC_DATABASE_URL", "<unset>");
    }
}
