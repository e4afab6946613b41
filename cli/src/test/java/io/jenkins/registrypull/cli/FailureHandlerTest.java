package io.jenkins.registrypull.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** A failure is one line; {@code pull --debug} adds the stack trace. */
class FailureHandlerTest {

    @TempDir
    Path tmp;

    private String stderrOfFailedPull(String... more) throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort(); // closed again: nothing listens there
        }
        StringWriter err = new StringWriter();
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("pull", "127.0.0.1:" + port
                + "/team/app:1", "--insecure-registry", "127.0.0.1:" + port, "--output", "oci:" + tmp.resolve("out"),
                "--store", tmp.resolve("store").toString(), "--quiet"));
        args.addAll(java.util.List.of(more));
        int code = Main.run(new PrintWriter(new StringWriter()), new PrintWriter(err, true), args.toArray(String[]::new));
        assertThat(code).isEqualTo(ExitCodes.FAILURE);
        return err.toString();
    }

    @Test
    void testFailure_oneLine() throws Exception {
        String err = stderrOfFailedPull();
        assertThat(err).startsWith("registry-pull: Gave up after 5 attempts. Cannot connect to 127.0.0.1:")
                .doesNotContain("\tat ");
        assertThat(err.strip().lines()).as("one line").hasSize(1);
    }

    @Test
    void testFailure_debug_printsTheStackTrace() throws Exception {
        assertThat(stderrOfFailedPull("--debug")).startsWith("registry-pull: Gave up after 5 attempts. Cannot connect")
                .contains("io.jenkins.registrypull.error.RegistryConnectionException", "\tat io.jenkins.registrypull.");
    }
}
