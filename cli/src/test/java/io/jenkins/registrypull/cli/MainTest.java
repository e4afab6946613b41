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

    @Test
    void testOutputAndLoadOptions_badValues_exitCode2() {
        assertThat(Main.run("pull", "reg.invalid/app:1", "--output", "docker-archive:")).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(Main.run("pull", "reg.invalid/app:1", "--output", "docker-archive:/tmp/dir/"))
                .isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(Main.run("pull", "reg.invalid/app:1", "--load", "containerd")).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(Main.run("pull", "reg.invalid/app:1", "--load", "docker", "--output", "oci:/tmp/x"))
                .isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(Main.run("pull", "reg.invalid/app:1", "--load", "docker", "--docker-host", "http://x:2375"))
                .isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(Main.run("pull", "reg.invalid/app:1", "--load", "docker", "--podman-root", "/tmp/r"))
                .isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(Main.run("pull", "reg.invalid/app:1", "--load", "podman", "--docker-host", "unix:///x.sock"))
                .isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(Main.run("pull", "reg.invalid/app:1", "--load", "podman", "--podman-storage-driver", "a b"))
                .isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(Main.run("pull", "reg.invalid/app:1", "--load", "docker", "--load-executable", "/nonexistent/docker"))
                .isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(Main.run("pull", "reg.invalid/app:1", "--output", "oci:/tmp/x", "--docker-host", "unix:///x.sock"))
                .isEqualTo(ExitCodes.BAD_INPUT);
    }

    @Test
    void testBadLoadOption_namesTheOption() {
        java.io.StringWriter err = new java.io.StringWriter();
        int code = Main.run(new java.io.PrintWriter(new java.io.StringWriter()), new java.io.PrintWriter(err, true),
                "pull", "reg.invalid/app:1", "--load", "docker", "--docker-host", "http://x:2375");
        assertThat(code).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(err.toString()).contains("--docker-host: 'http://x:2375' is not a docker daemon address");
    }

    @Test
    void testStoreCommands_badValues_exitCode2() {
        assertThat(Main.run("prune", "--store", "/tmp")).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(Main.run("prune", "--store", "/tmp", "--max-size", "ten gigs")).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(Main.run("prune", "--store", "/tmp", "--max-size", "-1")).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(Main.run("prune", "--store", "/nonexistent/store", "--max-size", "1G")).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(Main.run("verify-store", "--store", "/nonexistent/store")).isEqualTo(ExitCodes.BAD_INPUT);
    }
}
