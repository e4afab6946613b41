package io.jenkins.registrypull.reference;

import io.jenkins.registrypull.error.InvalidInputException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DigestTest {

    @ParameterizedTest
    @ValueSource(strings = {"sha256:../../x", "sha256:../../../etc/passwd", "sha256:", "sha256",
            ":abc", "sha256:zz", "md5:d41d8cd98f00b204e9800998ecf8427e", "sha256:abc/def",
            "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b85"})
    void testParse_rejectsAnythingThatIsNotExactlyAHexDigest(String value) {
        assertThatThrownBy(() -> Digest.parse(value, "digest"))
                .isInstanceOf(InvalidInputException.class).hasMessageStartingWith("digest: ");
    }

    @ParameterizedTest
    @ValueSource(strings = {"sha256:E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855",
            "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b85A"})
    void testParse_uppercaseHexRefused(String value) {
        assertThatThrownBy(() -> Digest.parse(value, "digest"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("uppercase letters");
        assertThatThrownBy(() -> Digest.parseTrusted(value)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void testParse_roundTrip() throws Exception {
        String text = "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
        assertThat(Digest.parse(text, "digest").toString()).isEqualTo(text);
        assertThat(Digest.sha256(new byte[0]).toString()).isEqualTo(text);
    }

    @Test
    void testConstructor_rejectsPathCharacters() {
        assertThatThrownBy(() -> new Digest("sha256", "../" + "a".repeat(61))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Digest.parseTrusted("sha256:../../x")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void testSha512() {
        assertThat(Digest.of("sha512", "abc".getBytes(StandardCharsets.UTF_8)).hex()).startsWith("ddaf35a193617aba");
    }
}
