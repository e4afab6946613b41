package io.jenkins.registrypull.credential;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

class SecretValueTest {

    private static final String SECRET = "s3cr3t-p4ss";

    @Test
    void testToString_masks() {
        SecretValue secret = SecretValue.ofString(SECRET);
        assertThat(secret.toString()).doesNotContain(SECRET).isEqualTo("****");
        Credential credential = Credential.usernamePassword("bob", secret);
        assertThat(credential.toString()).doesNotContain(SECRET).contains("****");
        assertThat(Credential.identityToken(SecretValue.ofString(SECRET)).toString()).doesNotContain(SECRET);
    }

    @Test
    void testClose_wipesAndForbidsFurtherUse() {
        SecretValue secret = SecretValue.ofString(SECRET);
        char[] copy = secret.chars();
        assertThat(new String(copy)).isEqualTo(SECRET);
        secret.close();
        assertThat(secret.isWiped()).isTrue();
        assertThatThrownBy(secret::chars).isInstanceOf(IllegalStateException.class).hasMessageNotContaining(SECRET);
        assertThatThrownBy(secret::reveal).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void testClose_overwritesTheInternalArray() throws Exception {
        SecretValue secret = SecretValue.ofString(SECRET);
        var field = SecretValue.class.getDeclaredField("value");
        field.setAccessible(true);
        char[] internal = (char[]) field.get(secret);
        secret.close();
        assertThat(internal).containsOnly('\0');
    }

    @Test
    void testJackson_cannotSerialise() {
        SecretValue secret = SecretValue.ofString(SECRET);
        ObjectMapper json = new ObjectMapper();
        Throwable failure = catchThrowable(() -> json.writeValueAsString(Map.of("password", secret)));
        assertThat(failure).isNotNull();
        assertThat(String.valueOf(failure.getMessage())).doesNotContain(SECRET);
        Throwable credentialFailure = catchThrowable(() -> json.writeValueAsString(
                Credential.usernamePassword("bob", SecretValue.ofString(SECRET))));
        // a record serialises its components; the secret component must fail rather than leak
        assertThat(credentialFailure).isNotNull();
        assertThat(String.valueOf(credentialFailure.getMessage())).doesNotContain(SECRET);
    }

    @Test
    void testFromUtf8_decodesWithoutStrings() {
        byte[] bytes = "pässwörd".getBytes(StandardCharsets.UTF_8);
        SecretValue secret = SecretValue.fromUtf8(bytes, 0, bytes.length);
        assertThat(secret.reveal()).isEqualTo("pässwörd");
        assertThat(new String(secret.utf8(), StandardCharsets.UTF_8)).isEqualTo("pässwörd");
        assertThatThrownBy(() -> SecretValue.fromUtf8(new byte[] {(byte) 0xff}, 0, 1))
                .hasMessageContaining("not valid UTF-8");
    }

    @Test
    void testMatches() {
        SecretValue secret = SecretValue.ofString(SECRET);
        assertThat(secret.matches(SECRET.toCharArray())).isTrue();
        assertThat(secret.matches("s3cr3t".toCharArray())).isFalse();
        assertThat(secret.matches((SECRET + "x").toCharArray())).isFalse();
    }

    @Test
    void testCredential_identityTokenUsername() {
        assertThat(Credential.usernamePassword("<token>", SecretValue.ofString("rt")))
                .isInstanceOf(Credential.IdentityToken.class);
        assertThat(Credential.usernamePassword("bob", SecretValue.ofString("pw")))
                .isInstanceOf(Credential.UsernamePassword.class);
    }
}
