package paas.api.prepare;

import org.junit.jupiter.api.Test;
import paas.api.prepare.PreparationState.Running;

import static org.assertj.core.api.Assertions.assertThat;

class ProgressLineTest {
    @Test
    void numberedStepsOfBuildShAreProgress() {
        assertThat(ProgressLine.parse("       (3/83) stack-build Step 3/23 : COPY stack-setup.sh /usr/local/lib/"))
                .contains(new Running(3, 83, "stack-build Step 3/23 : COPY stack-setup.sh /usr/local/lib/"));
        assertThat(ProgressLine.parse("       (1/21) stack-base debootstrap --variant=minbase bookworm"))
                .contains(new Running(1, 21, "stack-base debootstrap --variant=minbase bookworm"));
    }

    @Test
    void everyOtherLineIsNot() {
        assertThat(ProgressLine.parse("-----> building stack-run (paas/stack-run:abc) from paas/stack-base:def")).isEmpty();
        assertThat(ProgressLine.parse("       Step 3/20 : COPY a b")).isEmpty();
        assertThat(ProgressLine.parse("-----> 83 steps to build: stack-base stack-build")).isEmpty();
        assertThat(ProgressLine.parse("       log: /tmp/paas-stack-logs/x.log")).isEmpty();
        assertThat(ProgressLine.parse(" !     building paas/stack-run:abc failed (full log: /tmp/x.log)")).isEmpty();
        assertThat(ProgressLine.parse("")).isEmpty();
        assertThat(ProgressLine.parse("       (3/21)")).as("a step says what it does").isEmpty();
        assertThat(ProgressLine.parse("       (0/0) nothing")).isEmpty();
        assertThat(ProgressLine.parse("       (3/0) nothing")).isEmpty();
        assertThat(ProgressLine.parse("       (12345678/9) too long")).isEmpty();
    }

    @Test
    void aStepPastTheCountIsTheLastStep() {
        assertThat(ProgressLine.parse("       (25/21) stack-run Step 5/4 : LABEL x")).contains(new Running(21, 21,
                "stack-run Step 5/4 : LABEL x"));
    }
}
