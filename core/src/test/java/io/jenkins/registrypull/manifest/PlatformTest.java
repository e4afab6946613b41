package io.jenkins.registrypull.manifest;

import io.jenkins.registrypull.error.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PlatformTest {

    @ParameterizedTest
    @CsvSource({
            "linux/amd64, linux/amd64",
            "linux/x86_64, linux/amd64",
            "Linux/X86-64, linux/amd64",
            "linux/aarch64, linux/arm64/v8",
            "linux/arm64, linux/arm64/v8",
            "linux/arm64/8, linux/arm64/v8",
            "linux/arm, linux/arm/v7",
            "linux/arm/6, linux/arm/v6",
            "linux/armhf, linux/arm/v7",
            "linux/i386, linux/386",
            "windows/amd64, windows/amd64",
            "linux/s390x, linux/s390x",
    })
    void testParse_normalises(String input, String expected) throws Exception {
        assertThat(Platform.parse(input, "platform").toString()).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "linux", "linux/", "/amd64", "linux/amd64/v8/x", "linux/am d64", "linux//v8"})
    void testParse_rejects(String input) {
        assertThatThrownBy(() -> Platform.parse(input, "platform"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("platform: ")
                .hasMessageContaining("os/architecture[/variant]");
    }

    @Test
    void testMatches_arm64WithoutVariantIsV8() {
        assertThat(Platform.of("linux", "arm64", null).matches(Platform.of("linux", "arm64", "v8"))).isTrue();
        assertThat(Platform.of("linux", "aarch64", null).matches(Platform.of("linux", "arm64", null))).isTrue();
        assertThat(Platform.of("linux", "arm", "v7").matches(Platform.of("linux", "arm", "v6"))).isFalse();
        assertThat(Platform.of("linux", "amd64", null).matches(Platform.of("windows", "amd64", null))).isFalse();
    }

    @Test
    void testCurrent_isNormalised() {
        Platform current = Platform.current();
        assertThat(current).isEqualTo(current.normalized());
        assertThat(current.os()).isNotEmpty();
    }
}
