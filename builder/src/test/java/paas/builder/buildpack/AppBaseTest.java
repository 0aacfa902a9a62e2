package paas.builder.buildpack;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AppBaseTest {
    @Test
    void unsetEmptyOrDotMeansTheWholeRepository() throws Exception {
        assertThat(AppBase.of(Map.of())).isEqualTo(AppBase.ROOT);
        assertThat(AppBase.of(Map.of("PAAS_APP_BASE", ""))).isEqualTo(AppBase.ROOT);
        assertThat(AppBase.of(Map.of("PAAS_APP_BASE", "./"))).isEqualTo(AppBase.ROOT);
    }

    @Test
    void aRelativeDirectoryIsNormalised() throws Exception {
        assertThat(AppBase.of(Map.of("PAAS_APP_BASE", "services/web")).path()).isEqualTo("services/web");
        assertThat(AppBase.of(Map.of("PAAS_APP_BASE", "./services/web/ ")).path()).isEqualTo("services/web");
    }

    @Test
    void pathsThatLeaveOrCannotBeADirectoryAreRefusedWithTheFix() {
        for (String bad : new String[]{"/etc", "../other", "services/../../x", "a//b", "a/./b", "web\nx", "a b"}) {
            assertThatThrownBy(() -> AppBase.of(Map.of("PAAS_APP_BASE", bad)))
                    .as(bad).isInstanceOf(AppBase.Invalid.class)
                    .hasMessageContaining("paas config:set PAAS_APP_BASE=services/web");
        }
    }

    @Test
    void namesAreMappedIntoTheBase() {
        AppBase web = new AppBase("services/web");
        assertThat(web.within("services/web")).isEmpty();
        assertThat(web.within("services/web/index.js")).isEqualTo("index.js");
        assertThat(web.within("services/webby/index.js")).isNull();
        assertThat(web.within("README.md")).isNull();
        assertThat(AppBase.ROOT.within("README.md")).isEqualTo("README.md");
    }
}
