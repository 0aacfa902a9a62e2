package paas.api.service;

import org.junit.jupiter.api.Test;
import paas.api.domain.AppName;

import static org.assertj.core.api.Assertions.assertThat;

class AppActivityTest {
    private static final AppName APP = new AppName("my-app");
    private static final String BY = "ada@example.com";

    @Test
    void releasesReadAsOnHeroku() {
        assertThat(AppActivity.lines(new AppEvent.ConfigChanged(APP, BY, "Set A and remove B config vars", 4)))
                .containsExactly("Set A and remove B config vars by user ada@example.com",
                        "Release v4 created by user ada@example.com");
        assertThat(AppActivity.lines(new AppEvent.Deployed(APP, BY, "1a2b3c4", 5, false)))
                .containsExactly("Deploy 1a2b3c4 by user ada@example.com", "Release v5 created by user ada@example.com");
        assertThat(AppActivity.lines(new AppEvent.Deployed(APP, BY, "image team/web:1.4", 6, true)))
                .containsExactly("Deploy image team/web:1.4 by user ada@example.com",
                        "Release v6 failed: release command did not succeed");
        assertThat(AppActivity.lines(new AppEvent.RolledBack(APP, BY, 3, 7)))
                .containsExactly("Rollback to v3 by user ada@example.com", "Release v7 created by user ada@example.com");
    }

    @Test
    void otherChangesSayWhatChangedOrNothing() {
        assertThat(AppActivity.lines(new AppEvent.Scaled(APP, BY, "web@2:standard-1x worker@1:standard-2x")))
                .containsExactly("Scaled to web@2:standard-1x worker@1:standard-2x by user ada@example.com");
        assertThat(AppActivity.lines(new AppEvent.MaintenanceSwitched(APP, BY, true)))
                .containsExactly("Enable maintenance mode by user ada@example.com");
        assertThat(AppActivity.lines(new AppEvent.MaintenanceSwitched(APP, BY, false)))
                .containsExactly("Disable maintenance mode by user ada@example.com");
        assertThat(AppActivity.lines(new AppEvent.StackSet(APP, BY, "container")))
                .containsExactly("Set stack container by user ada@example.com; the next git push builds on it");
        assertThat(AppActivity.lines(new AppEvent.DomainsChanged(APP))).isEmpty();
        assertThat(AppActivity.lines(new AppEvent.DrainsChanged(APP))).isEmpty();
        assertThat(AppActivity.lines(new AppEvent.Renamed(new AppName("old-name"), APP))).isEmpty();
        assertThat(AppActivity.lines(new AppEvent.Destroyed(APP, java.util.Set.of()))).isEmpty();
    }
}
