package paas.router.proxy;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TransportTest {

    @Test
    void aCapOfNioGivesNio() {
        assertThat(Transport.best("nio").name()).isEqualTo("nio");
    }

    @Test
    void aCapOfEpollNeverGivesIoUring() {
        assertThat(Transport.best("epoll").name()).isIn("epoll", "nio");
    }

    @Test
    void anUnknownTransportIsRefusedWithTheOnesAllowed() {
        assertThatThrownBy(() -> Transport.best("kqueue"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-Dpaas.router.transport=kqueue")
                .hasMessageContaining("io_uring, epoll or nio");
    }
}
