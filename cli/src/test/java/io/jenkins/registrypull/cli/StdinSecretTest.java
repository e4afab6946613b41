package io.jenkins.registrypull.cli;

import io.jenkins.registrypull.error.InvalidInputException;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StdinSecretTest {

    private static ByteArrayInputStream in(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void testRead_dropsOneTrailingNewline() throws Exception {
        assertThat(StdinSecret.read(in("pw\n"), "--password-stdin").reveal()).isEqualTo("pw");
        assertThat(StdinSecret.read(in("pw\r\n"), "--password-stdin").reveal()).isEqualTo("pw");
        assertThat(StdinSecret.read(in("pw\n\n"), "--password-stdin").reveal()).isEqualTo("pw\n");
        assertThat(StdinSecret.read(in(" p w "), "--password-stdin").reveal()).isEqualTo(" p w ");
    }

    @Test
    void testRead_emptyOrHuge() {
        assertThatThrownBy(() -> StdinSecret.read(in(""), "--token-stdin"))
                .isInstanceOf(InvalidInputException.class).hasMessageStartingWith("--token-stdin: standard input was empty");
        assertThatThrownBy(() -> StdinSecret.read(in("\n"), "--token-stdin")).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> StdinSecret.read(in("x".repeat(StdinSecret.MAX_BYTES + 1)), "--token-stdin"))
                .hasMessageContaining("longer than");
    }
}
