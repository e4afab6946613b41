package io.jenkins.registrypull.cli;

import io.jenkins.registrypull.error.InvalidInputException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SizesTest {

    @Test
    void testParse_unitsArePowersOf1024() throws Exception {
        assertThat(Sizes.parse("0", "--max-size")).isZero();
        assertThat(Sizes.parse("1234", "--max-size")).isEqualTo(1234);
        assertThat(Sizes.parse("10b", "--max-size")).isEqualTo(10);
        assertThat(Sizes.parse("2K", "--max-size")).isEqualTo(2048);
        assertThat(Sizes.parse("500M", "--max-size")).isEqualTo(500L * 1024 * 1024);
        assertThat(Sizes.parse("10G", "--max-size")).isEqualTo(10L * 1024 * 1024 * 1024);
        assertThat(Sizes.parse("10GiB", "--max-size")).isEqualTo(10L * 1024 * 1024 * 1024);
        assertThat(Sizes.parse("1.5 gb", "--max-size")).isEqualTo(1536L * 1024 * 1024);
        assertThat(Sizes.parse("1T", "--max-size")).isEqualTo(1024L * 1024 * 1024 * 1024);
    }

    @Test
    void testParse_badValues_nameTheOption() {
        for (String bad : new String[] {"", "-1", "ten", "10X", "1e9", "10 G B", "99999999999T"}) {
            assertThatThrownBy(() -> Sizes.parse(bad, "--max-size")).as(bad)
                    .isInstanceOf(InvalidInputException.class).hasMessageStartingWith("--max-size: ");
        }
    }
}
