package paas.process;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class AnnouncedRoutesTest {
    final List<String> told = new ArrayList<>();
    boolean failing;
    final AnnouncedRoutes routes = new AnnouncedRoutes((app, backends, booting) -> {
        if (failing) {
            throw new IllegalArgumentException("router refuses");
        }
        told.add(app + " " + backends.stream().map(b -> b.dyno() + ":" + b.port()).toList() + (booting ? " booting" : ""));
    });
    final Backend web1 = new Backend("web.1", "10.0.0.1", 5000);
    final Backend web2 = new Backend("web.2", "10.0.0.2", 5000);

    static DynoHandle handle(String id, String name, String host, boolean oneOff) {
        Endpoint ep = host == null ? null : new Endpoint(host, 5000);
        return new DynoHandle(id, "shop", 1, name, "cmd", "standard-1x", oneOff, Instant.EPOCH, ep, ep, 137);
    }

    @Test
    void tellsOnlyChangesAndNeverTheSameBackendTwice() {
        assertThat(routes.tell("shop", List.of(web1, web2, web1), false)).isTrue();
        assertThat(routes.tell("shop", List.of(web1, web2), false)).isTrue();
        assertThat(told).containsExactly("shop [web.1:5000, web.2:5000]");
    }

    @Test
    void anExitTakesItsBackendOutAtOnceAndAPassThatPlannedBeforeCannotPutItBack() {
        routes.tell("shop", List.of(web1, web2), false);
        routes.exited(handle("c2", "web.2", "10.0.0.2", false));
        assertThat(told).last().isEqualTo("shop [web.1:5000]");
        routes.tell("shop", List.of(web1, web2), false);
        assertThat(told).hasSize(2);

        // Once a pass no longer tracks the dyno, its address may serve a new dyno again.
        routes.exitsSettled(List.of("c1"));
        routes.tell("shop", List.of(web1, web2), false);
        assertThat(told).last().isEqualTo("shop [web.1:5000, web.2:5000]");
    }

    @Test
    void exitsOfDynosNotRoutedTellNothing() {
        routes.tell("shop", List.of(web1), false);
        routes.exited(handle("w", "worker.1", null, false));
        routes.exited(handle("r", "run.1", "10.0.0.9", true));
        routes.exited(handle("c2", "web.2", "10.0.0.2", false));
        assertThat(told).containsExactly("shop [web.1:5000]");
    }

    @Test
    void aFailingListenerIsToldAgainByTheNextPass() {
        failing = true;
        assertThat(routes.tell("shop", List.of(web1), false)).isFalse();
        assertThat(routes.tell("shop", List.of(web1), false)).isFalse();
        failing = false;
        assertThat(routes.tell("shop", List.of(web1), false)).isTrue();
        assertThat(told).containsExactly("shop [web.1:5000]");
    }
}
