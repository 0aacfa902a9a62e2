package paas.api.auth;

import org.junit.jupiter.api.Test;
import paas.api.TestClock;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The back-off's arithmetic, driven by a clock the test moves. */
class AuthBackoffTest {
    private static final SocketAddress ATTACKER = address("203.0.113.9");
    private static final SocketAddress NEIGHBOUR = address("203.0.113.10");

    private final TestClock clock = new TestClock();
    private final AuthBackoff backoff = new AuthBackoff(AuthBackoff.Policy.defaults(), clock);

    @Test
    void theFirstFailuresAreFreeThenTheBlockDoublesUpToTheCap() {
        for (int i = 0; i < 4; i++) {
            backoff.failed(ATTACKER);
            assertThat(backoff.blocked(ATTACKER)).as("failure %d", i + 1).isEmpty();
        }
        backoff.failed(ATTACKER);
        assertThat(backoff.blocked(ATTACKER)).contains(Duration.ofSeconds(1));
        assertThat(backoff.blocked(NEIGHBOUR)).as("per address").isEmpty();

        long[] expected = {2, 4, 8, 16, 32, 60, 60};
        for (long seconds : expected) {
            clock.advance(backoff.blocked(ATTACKER).orElseThrow());
            assertThat(backoff.blocked(ATTACKER)).as("the block is over").isEmpty();
            backoff.failed(ATTACKER);
            assertThat(backoff.blocked(ATTACKER)).contains(Duration.ofSeconds(seconds));
        }
        clock.advance(Duration.ofMillis(59_500));
        assertThat(backoff.blocked(ATTACKER)).contains(Duration.ofMillis(500));
    }

    @Test
    void successAfterTheBlockForgetsTheAddress() {
        fail(ATTACKER, 7);
        clock.advance(backoff.blocked(ATTACKER).orElseThrow());
        backoff.succeeded(ATTACKER);
        fail(ATTACKER, 4);
        assertThat(backoff.blocked(ATTACKER)).as("four fresh free failures").isEmpty();
    }

    @Test
    void aQuietAddressIsForgottenAfterAWhile() {
        fail(ATTACKER, 4);
        clock.advance(AuthBackoff.Policy.defaults().forgetAfter().plusSeconds(1));
        backoff.failed(ATTACKER);
        assertThat(backoff.blocked(ATTACKER)).isEmpty();
    }

    @Test
    void ipv6CountsPerSlash64() {
        SocketAddress one = address("2001:db8:1:2:aaaa::1");
        SocketAddress sameNetwork = address("2001:db8:1:2:bbbb::2");
        fail(one, 5);
        assertThat(backoff.blocked(sameNetwork)).isPresent();
        assertThat(backoff.blocked(address("2001:db8:1:3::1"))).isEmpty();
        assertThat(AuthBackoff.keyOf(one)).isEqualTo("2001:db8:1:2::/64");
        assertThat(AuthBackoff.keyOf(null)).isEqualTo("unknown");
    }

    @Test
    void rotatingAddressesCannotGrowMemoryBeyondTheBound() {
        AuthBackoff small = new AuthBackoff(new AuthBackoff.Policy(5, Duration.ofSeconds(1), Duration.ofSeconds(60),
                Duration.ofMinutes(15), 100), clock);
        for (int i = 0; i < 10_000; i++) {
            small.failed(address("10.%d.%d.%d".formatted(i >> 16 & 255, i >> 8 & 255, i & 255)));
        }
        assertThat(small.size()).isEqualTo(100);
    }

    @Test
    void aRunOfFailuresCannotOverflowTheBlock() {
        fail(ATTACKER, 10_000);
        assertThat(backoff.blocked(ATTACKER)).contains(Duration.ofSeconds(60));
    }

    private void fail(SocketAddress client, int times) {
        for (int i = 0; i < times; i++) {
            backoff.failed(client);
        }
    }

    private static SocketAddress address(String ip) {
        return new InetSocketAddress(ip, 50_000);
    }
}
