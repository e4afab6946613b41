package io.jenkins.registrypull.cli;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Input errors exit 2 before any network call (the registry host below does not exist). */
class MainTest {

    @Test
    void testBadInput_exitCode2() {
        assertThat(Main.run("pull", "team/UPPER", "--output", "oci:/tmp/none")).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(Main.run("pull", "reg.invalid/app:1", "--output", "tar:/tmp/x")).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(Main.run("pull", "reg.invalid/app:1", "--output", "oci:/tmp/x", "--platform", "linux"))
                .isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(Main.run("pull", "reg.invalid/app:1", "--output", "oci:/tmp/x", "--digest", "sha256:abc"))
                .isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(Main.run("pull", "reg.invalid/app:1", "--output", "oci:/tmp/x", "--username", "bob"))
                .isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(Main.run("pull", "reg.invalid/app:1", "--output", "oci:/tmp/x", "--password-stdin"))
                .isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(Main.run("pull", "reg.invalid/app:1")).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(Main.run("pull", "reg.invalid/app:1", "--output", "oci:/tmp/x", "--password-stdin",
                "--token-stdin", "--username", "u")).isEqualTo(ExitCodes.BAD_INPUT);
    }

    @Test
    void testPasswordOnCommandLineIsNotAnOption() {
        assertThat(Main.run("pull", "reg.invalid/app:1", "--output", "oci:/tmp/x", "--password", "pw"))
                .isEqualTo(ExitCodes.BAD_INPUT);
    }
}
