package paas.vocabulary.tar;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TarPathsTest {
    @Test
    void namesAreNormalisedOnlyForDotAndEmptyComponents() throws UnsafeTarException {
        assertThat(TarPaths.relative("./a//b/./c/")).isEqualTo("a/b/c");
        assertThat(TarPaths.relative("./")).isEmpty();
    }

    @Test
    void escapingNamesAreRefused() {
        assertThatThrownBy(() -> TarPaths.relative("/etc/passwd")).hasMessageContaining("absolute");
        assertThatThrownBy(() -> TarPaths.relative("a/../../b")).hasMessageContaining("'..'");
        assertThatThrownBy(() -> TarPaths.relative("a\0b")).hasMessageContaining("NUL");
        assertThatThrownBy(() -> TarPaths.relative("x".repeat(5000))).hasMessageContaining("over the limit");
    }

    @Test
    void linkTargetsAreResolvedFromTheLinksDirectory() {
        assertThat(TarPaths.linkStaysInside("node_modules/.bin/x", "../x/cli.js")).isTrue();
        assertThat(TarPaths.linkStaysInside("a/b", "../../c")).isFalse();
        assertThat(TarPaths.linkStaysInside("top", "..")).isFalse();
        assertThat(TarPaths.linkStaysInside("top", "/app/x")).isFalse();
        assertThat(TarPaths.linkStaysInside("top", "")).isFalse();
        assertThat(TarPaths.linkStaysInside("a/b", "./c/../d")).isTrue();
    }
}
