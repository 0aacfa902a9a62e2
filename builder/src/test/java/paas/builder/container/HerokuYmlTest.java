package paas.builder.container;

import org.junit.jupiter.api.Test;
import paas.builder.BuildFailedException;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HerokuYmlTest {
    private static HerokuYml parse(String yaml) throws BuildFailedException {
        return HerokuYml.parse(yaml.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsTheShapeOfHerokusDocumentation() throws Exception {
        HerokuYml yml = parse("""
                setup:
                  addons:
                    - plan: heroku-postgresql
                build:
                  docker:
                    web: ./Dockerfile.prod
                  config:
                    RAILS_ENV: production
                    WORKERS: 2
                release:
                  image: web
                  command:
                    - ./deployment-tasks.sh
                run:
                  web: bundle exec puma -C config/puma.rb
                  worker:
                    command:
                      - python myworker.py
                    image: web
                """);
        assertThat(yml.dockerfile()).isEqualTo("Dockerfile.prod");
        assertThat(yml.buildArgs()).containsExactly(Map.entry("RAILS_ENV", "production"), Map.entry("WORKERS", "2"));
        assertThat(yml.run()).containsExactly(Map.entry("web", "bundle exec puma -C config/puma.rb"),
                Map.entry("worker", "python myworker.py"), Map.entry("release", "./deployment-tasks.sh"));
    }

    @Test
    void onlyABuildSectionKeepsTheImagesCommand() throws Exception {
        HerokuYml yml = parse("build:\n  docker:\n    web: Dockerfile\n");
        assertThat(yml.dockerfile()).isEqualTo("Dockerfile");
        assertThat(yml.run()).isEmpty();
    }

    @Test
    void refusesShapesItCannotHonour() {
        assertThatThrownBy(() -> parse("- web\n")).hasMessageContaining("must be a YAML mapping").hasMessageContaining("array");
        assertThatThrownBy(() -> parse("just text\n")).hasMessageContaining("must be a YAML mapping");
        assertThatThrownBy(() -> parse("")).hasMessageContaining("an empty file");
        assertThatThrownBy(() -> parse("build:\n  docker:\n    web: Dockerfile\n    worker: worker/Dockerfile\n"))
                .hasMessageContaining("this platform builds one image per app");
        assertThatThrownBy(() -> parse("build:\n  docker:\n    web: ../outside/Dockerfile\n"))
                .hasMessageContaining("must name a Dockerfile inside the app");
        assertThatThrownBy(() -> parse("run:\n  worker:\n    command: [python w.py]\n    image: worker\n"))
                .hasMessageContaining("the only image built is web");
        assertThatThrownBy(() -> parse("run:\n  'bad type': x\n")).hasMessageContaining("is not a process type");
        assertThatThrownBy(() -> parse("run:\n  web: ''\n")).hasMessageContaining("is empty");
        assertThatThrownBy(() -> parse("run: &a\n  web: x\nother: *a\n")).hasMessageContaining("not allowed");
        assertThatThrownBy(() -> parse("build:\n  config:\n    'A B': x\n")).hasMessageContaining("build.config");
    }
}
