package paas.api.http;

import org.junit.jupiter.api.Test;
import paas.api.auth.Authenticator;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

class AuthenticatorTest {

    @Test
    void bearerAndBasicPasswordBothCarryTheToken() {
        assertThat(Authenticator.secretOf("Bearer abc")).isEqualTo("abc");
        assertThat(Authenticator.secretOf("bearer   abc ")).isEqualTo("abc");
        String basic = Base64.getEncoder().encodeToString("me@example.com:tok:en".getBytes(StandardCharsets.UTF_8));
        assertThat(Authenticator.secretOf("Basic " + basic)).isEqualTo("tok:en");
    }

    @Test
    void missingOrMalformedCredentialsCarryNoToken() {
        assertThat(Authenticator.secretOf(null)).isNull();
        assertThat(Authenticator.secretOf("Bearer ")).isNull();
        assertThat(Authenticator.secretOf("Basic !!!")).isNull();
        assertThat(Authenticator.secretOf("Basic " + Base64.getEncoder().encodeToString("user:".getBytes()))).isNull();
        assertThat(Authenticator.secretOf("Digest abc")).isNull();
    }
}
