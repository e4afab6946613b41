package io.jenkins.registrypull.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 17, item 9: bad input is exit 2 with a message naming the option, before any network call. The
 * reference points at a loopback listener that counts connections; every refused case leaves it at zero.
 */
class HostileInputTest {

    @TempDir
    Path tmp;

    /** Runs the CLI against a loopback listener; returns exit code and stderr, and asserts nothing connected. */
    private record Run(int code, String err, int connections) {
    }

    private Run run(String stdin, List<String> args) throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 50, java.net.InetAddress.getByName("127.0.0.1"))) {
            AtomicInteger connections = new AtomicInteger();
            Thread acceptor = new Thread(() -> {
                while (!listener.isClosed()) {
                    try (Socket ignored = listener.accept()) {
                        connections.incrementAndGet();
                    } catch (java.io.IOException closed) {
                        return;
                    }
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            List<String> full = new ArrayList<>();
            for (String a : args.subList(1, args.size())) { // "pull": the command runs directly, with our stdin
                full.add(a.replace("REG", "127.0.0.1:" + listener.getLocalPort()));
            }
            StringWriter err = new StringWriter();
            PullCommand command = new PullCommand(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
            picocli.CommandLine cli = new picocli.CommandLine(command);
            cli.setErr(new PrintWriter(err, true));
            cli.setOut(new PrintWriter(new StringWriter(), true));
            cli.setExecutionExceptionHandler(new FailureHandler());
            cli.setParameterExceptionHandler((e, a) -> {
                e.getCommandLine().getErr().println("registry-pull: " + e.getMessage());
                return ExitCodes.BAD_INPUT;
            });
            int code = cli.execute(full.toArray(String[]::new));
            return new Run(code, err.toString(), connections.get());
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "127.0.0.1:0/app:1 | image: registry '127.0.0.1:0' has port 0; a port is 1 to 65535",
            "127.0.0.1:99999/app:1 | image: registry '127.0.0.1:99999' has port 99999; a port is 1 to 65535",
            "127.0.0.1:12345678901234567890/app:1 | has port 123456789012...; a port is 1 to 65535",
            "[:::]/app:1 | image: registry '[:::]' has '[:::]', which is not an IPv6 address",
            "[1:2:3]:5000/app:1 | which is not an IPv6 address",
            "REG/app@sha256:ABABABABABABABABABABABABABABABABABABABABABABABABABABABABABABABAB | image: the digest's hex part has uppercase letters",
    })
    void testBadReference_exit2BeforeAnyConnection(String reference, String message) throws Exception {
        Run run = run("", List.of("pull", reference, "--output", "oci:" + tmp.resolve("out")));
        assertThat(run.code()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(run.err()).contains(message);
        assertThat(run.connections()).as("connections to the registry").isZero();
        assertThat(tmp.resolve("out")).doesNotExist();
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', value = {
            "--insecure-registry | 127.0.0.1:0 | --insecure-registry: registry '127.0.0.1:0' has port 0",
            "--insecure-registry | 127.0.0.1:99999 | has port 99999",
            "--insecure-registry | [::1::2]:5000 | which is not an IPv6 address",
            "--insecure-registry | http://127.0.0.1 | --insecure-registry: 'http://127.0.0.1' is not HOST[:PORT]",
            "--timeout | 9223372036854775807 | --timeout: must be at most 604800 seconds (7 days), was 9223372036854775807",
            "--read-timeout | 9223372036854775807 | --read-timeout: must be at most 86400 seconds (1 day), was 9223372036854775807",
            "--timeout | 99999999999999999999 | --timeout",
            "--digest | sha256:ABABABABABABABABABABABABABABABABABABABABABABABABABABABABABABABAB | digest: the digest's hex part has uppercase letters",
            "--digest | sha256:bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb | digest: the reference pins sha256:aaaa",
            "--ca-cert | /dev/zero | --ca-cert: /dev/zero is larger than 1024 KiB; expected a PEM file",
            "--verify-key | /dev/zero | --verify-key: /dev/zero is larger than 1024 KiB; expected a PEM file",
    })
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void testBadOption_exit2BeforeAnyConnection(String option, String value, String message) throws Exception {
        Run run = run("", List.of("pull", "REG/app@sha256:" + "a".repeat(64), "--insecure-registry", "REG",
                "--output", "oci:" + tmp.resolve("out"), option, value));
        assertThat(run.code()).as(run.err()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(run.err()).contains(message);
        assertThat(run.connections()).as("connections to the registry").isZero();
        assertThat(tmp.resolve("out")).doesNotExist();
    }

    @Test
    void testSamePinTwice_accepted_thenConnects() throws Exception {
        // the control case: the same digest in both places passes validation and reaches the network
        Run run = run("", List.of("pull", "REG/app@sha256:" + "a".repeat(64), "--insecure-registry", "REG",
                "--digest", "sha256:" + "a".repeat(64), "--output", "oci:" + tmp.resolve("out"), "--timeout", "5"));
        assertThat(run.code()).as(run.err()).isNotEqualTo(ExitCodes.BAD_INPUT);
        assertThat(run.connections()).isPositive();
    }

    /**
     * {@code registry-pull ... --password-stdin <&-}: started with standard input closed, the JVM gives descriptor
     * 0 to a file of its own; the CLI must not read that as the password.
     */
    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void testClosedStdin_passwordStdin_refused() throws Exception {
        Path dir = tmp;
        {
            List<String> command = List.of("/bin/sh", "-c", "exec \"$0\" -Xmx128m -cp \"$1\" "
                    + Main.class.getName() + " pull 127.0.0.1:9/app:1 --insecure-registry 127.0.0.1:9 --output oci:"
                    + dir.resolve("out") + " --username bob --password-stdin <&-",
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    System.getProperty("java.class.path"));
            Process process = new ProcessBuilder(command).redirectOutput(dir.resolve("stdout").toFile())
                    .redirectError(dir.resolve("stderr").toFile()).start();
            assertThat(process.waitFor(50, TimeUnit.SECONDS)).isTrue();
            String err = Files.readString(dir.resolve("stderr"));
            assertThat(process.exitValue()).as(err).isEqualTo(ExitCodes.BAD_INPUT);
            assertThat(err).contains("--password-stdin: no secret on standard input: it is closed");
            assertThat(dir.resolve("out")).doesNotExist();
        }
    }
}
