package paas.process.addons;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ExecTerminalTest {
    @Test
    void aTermAndASizeOrNoSize() {
        assertThat(new ExecTerminal("xterm-256color", 40, 132).size()).isEqualTo(new ExecTerminal.Size(40, 132));
        assertThat(new ExecTerminal("xterm-256color", 40, 132).size().known()).isTrue();
        assertThat(new ExecTerminal("screen.linux", 0, 0).size().known()).isFalse();
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
        ExecTerminal terminal = new ExecTerminal("xterm", 24, 80);
        assertThatThrownBy(() -> terminal.resize(0, 80)).isInstanceOf(IllegalArgumentException.class);
        assertThat(terminal.size()).isEqualTo(new ExecTerminal.Size(24, 80));
    }

    @Test
    void theFollowerIsToldTheSizeNowThenEachNewSizeUntilItsHandleCloses() throws Exception {
        ExecTerminal terminal = new ExecTerminal("xterm", 24, 80);
        terminal.resize(30, 90); // before anyone follows: remembered, and told when one does
        List<ExecTerminal.Size> told = new CopyOnWriteArrayList<>();
        AutoCloseable following = terminal.follow(told::add);
        terminal.resize(50, 120);
        following.close();
        terminal.resize(60, 130);
        assertThat(told).containsExactly(new ExecTerminal.Size(30, 90), new ExecTerminal.Size(50, 120));
        assertThat(terminal.size()).isEqualTo(new ExecTerminal.Size(60, 130));
    }
}
