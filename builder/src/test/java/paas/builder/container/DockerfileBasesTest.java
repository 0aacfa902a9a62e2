package paas.builder.container;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DockerfileBasesTest {
    @Test
    void multiStageBuildNeedsItsExternalImagesOnly() throws Exception {
        DockerfileBases.Bases bases = DockerfileBases.of("""
                # syntax=docker/dockerfile:1
                ARG NODE_IMAGE=node:18-bookworm
                FROM --platform=linux/amd64 ${NODE_IMAGE} AS deps
                WORKDIR /app
                COPY package*.json ./
                RUN npm ci
                FROM deps as build
                RUN npm run build
                FROM paas/stack-run:latest
                COPY --from=build /app/dist /app
                COPY --from=nginx:stable /etc/nginx/nginx.conf /etc/nginx.conf
                COPY --from=0 /app/package.json /app/
                CMD ["node", "dist/index.js"]
                """, Map.of());
        assertThat(bases.images()).containsExactly("node:18-bookworm", "paas/stack-run:latest", "nginx:stable");
        assertThat(bases.runBase()).contains("paas/stack-run:latest");
    }

    @Test
    void buildArgumentsOverrideDefaultsAndStagesCarryTheirBase() throws Exception {
        DockerfileBases.Bases bases = DockerfileBases.of("""
                ARG BASE=paas/stack-run:latest
                FROM $BASE AS runtime
                FROM runtime
                RUN \\
                  echo continued
                """, Map.of("BASE", "team/base:1"));
        assertThat(bases.images()).containsExactly("team/base:1");
        assertThat(bases.runBase()).contains("team/base:1");
        assertThat(DockerfileBases.of("FROM scratch\nCOPY app /app\n", Map.of()))
                .isEqualTo(new DockerfileBases.Bases(List.of(), Optional.empty()));
    }

    @Test
    void refusesADockerfileWithoutFromOrWithAnUnsetVariable() {
        assertThatThrownBy(() -> DockerfileBases.of("RUN echo hi\n", Map.of())).hasMessageContaining("has no FROM line");
        assertThatThrownBy(() -> DockerfileBases.of("ARG TAG\nFROM node:${TAG}\n", Map.of()))
                .hasMessageContaining("uses $TAG, which has no value");
        assertThatThrownBy(() -> DockerfileBases.of("FROM --platform=linux/amd64\n", Map.of()))
                .hasMessageContaining("FROM without an image");
    }
}
