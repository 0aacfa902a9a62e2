package paas.router.proxy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class RequestIdsTest {
    @ParameterizedTest
    @ValueSource(strings = {"abcdefghijklmnopqrst", "0123456789ABCDEF+/=_.:-xyz", "f0f0f0f0-1111-2222-3333-444455556666"})
    void validIncomingIdsAreKept(String id) {
        assertThat(RequestIds.keepOrCreate(id)).isEqualTo(id);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "short", "abcdefghijklmnopqrs", "abcdefghijklmnopqrst with space",
            "abcdefghijklmnopqrst\"", "abcdefghijklmnopqrst\n", "abcdéfghijklmnopqrst"})
    void invalidIdsAreReplaced(String id) {
        assertThat(RequestIds.isValid(id)).isFalse();
        assertThat(RequestIds.keepOrCreate(id)).isNotEqualTo(id);
    }

    @Test
    void lengthLimitsAreInclusive() {
        assertThat(RequestIds.isValid("a".repeat(20))).isTrue();
        assertThat(RequestIds.isValid("a".repeat(200))).isTrue();
        assertThat(RequestIds.isValid("a".repeat(201))).isFalse();
        assertThat(RequestIds.isValid(null)).isFalse();
    }

    @Test
    void generatedIdsAreVersion4UuidsAndDistinct() {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            String id = RequestIds.keepOrCreate(null);
            assertThat(id).matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
            ids.add(id);
        }
        assertThat(ids).hasSize(1000);
    }
}
