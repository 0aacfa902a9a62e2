package paas.api.store;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SecretBoxTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final byte[] ROW = "config_vars\0app-1\0DATABASE_URL".getBytes(StandardCharsets.UTF_8);

    private final PlatformKey key = PlatformKey.generate(RANDOM);
    private final SecretBox box = new SecretBox(key, List.of());

    @Test
    void opensWhatItSealedForTheSameRowOnly() {
        byte[] sealed = box.seal("postgres://u:hunter2@db/x", ROW);
        assertThat(box.openText(sealed, ROW)).isEqualTo("postgres://u:hunter2@db/x");
        assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).doesNotContain("hunter2");
        assertThatThrownBy(() -> box.open(sealed, "config_vars\0app-2\0DATABASE_URL".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(SecretBox.Unopenable.class).hasMessageContaining("belongs to another row");
    }

    @Test
    void everyValueGetsItsOwnNonceAndNamesItsKeyAndVersion() {
        byte[] one = box.seal("same", ROW);
        byte[] two = box.seal("same", ROW);
        assertThat(one).isNotEqualTo(two);
        assertThat(one[0]).isEqualTo(SecretBox.VERSION);
        assertThat(SecretBox.keyIdOf(one)).isEqualTo(key.id()).hasSize(16);
        // version + key id + nonce + tag around the 4 bytes of "same"
        assertThat(one).hasSize(1 + 8 + 12 + 4 + 16);
    }

    @Test
    void aChangedByteAnyWhereIsRefused() {
        byte[] sealed = box.seal("value", ROW);
        for (int i = 1; i < sealed.length; i++) {
            byte[] changed = sealed.clone();
            changed[i] ^= 1;
            assertThatThrownBy(() -> box.open(changed, ROW)).as("byte %d changed", i)
                    .isInstanceOf(SecretBox.Unopenable.class);
        }
        byte[] otherVersion = sealed.clone();
        otherVersion[0] = 2;
        assertThatThrownBy(() -> box.open(otherVersion, ROW)).hasMessageContaining("version 1");
    }

    @Test
    void aRotationBoxOpensBothKeysAndSealsWithTheNewOne() {
        byte[] old = box.seal("v", ROW);
        PlatformKey next = PlatformKey.generate(RANDOM);
        SecretBox rotating = new SecretBox(next, List.of(key));
        assertThat(rotating.openText(old, ROW)).isEqualTo("v");
        assertThat(SecretBox.keyIdOf(rotating.seal("v", ROW))).isEqualTo(next.id());
        assertThat(rotating.keyIds()).containsExactlyInAnyOrder(key.id(), next.id());
        SecretBox newOnly = new SecretBox(next, List.of());
        assertThatThrownBy(() -> newOnly.open(old, ROW)).hasMessageContaining(key.id()).hasMessageContaining("not given");
    }

    @Test
    void aKeyIsTheBase64OfExactly32BytesAndNeverShown() {
        String encoded = key.encoded();
        assertThat(PlatformKey.parse(encoded + "\n")).isEqualTo(key);
        assertThat(key.toString()).doesNotContain(encoded).contains(key.id());
        String short16 = Base64.getEncoder().encodeToString(new byte[16]);
        assertThatThrownBy(() -> PlatformKey.parse(short16)).hasMessageContaining("16 bytes, not 32")
                .hasMessageContaining("openssl rand -base64 32").hasMessageNotContaining(short16);
        assertThatThrownBy(() -> PlatformKey.parse("not base64!")).hasMessageContaining("not base64")
                .hasMessageNotContaining("not base64!");
    }
}
