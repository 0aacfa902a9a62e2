package paas.process.addons;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ExecTerminalTest {
    @Test
    void aTermAndASizeOrNoSize() {
        assertThat(new ExecTerminal("xterm-256color", 40, 132).sizeKnown()).isTrue();
        assertThat(new ExecTerminal("screen.linux", 0, 0).sizeKnown()).isFalse();
    }

    @Test
    void aTermThatCouldCarryMoreThanANameIsRefused() {
        for (String term : new String[] {"", "xterm\nLD_PRELOAD=/tmp/x", "xterm 256", "../x", "-x", "a".repeat(65)}) {
            assertThatThrownBy(() -> new ExecTerminal(term, 0, 0)).as(term)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("TERM");
        }
    }

    @Test
    void halfASizeOrAnAbsurdOneIsRefused() {
        assertThatThrownBy(() -> new ExecTerminal("xterm", 40, 0)).hasMessageContaining("both");
        assertThatThrownBy(() -> new ExecTerminal("xterm", -1, -1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ExecTerminal("xterm", 10_001, 80)).isInstanceOf(IllegalArgumentException.class);
    }
}
