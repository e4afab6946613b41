package io.jenkins.registrypull.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.registrypull.testkit.BuiltImage;
import io.jenkins.registrypull.testkit.ChildJava;
import io.jenkins.registrypull.testkit.LeakRun;
import io.jenkins.registrypull.testkit.ManifestFormat;
import io.jenkins.registrypull.testkit.Platform;
import io.jenkins.registrypull.testkit.RegistryPusher;
import io.jenkins.registrypull.testkit.RegistryServer;
import io.jenkins.registrypull.testkit.SecretScanner;
import io.jenkins.registrypull.testkit.TestCa;
import io.jenkins.registrypull.testkit.TestImages;
import io.jenkins.registrypull.testkit.TestUser;
import io.jenkins.registrypull.testkit.TokenServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code registry-pull auth-exec} in a child JVM, as a user runs it: skopeo inside it authenticates against the real
 * htpasswd+TLS and token+TLS registries (the registry logs 200), the same command after it does not (401); the exit
 * code is COMMAND's; the secret is read to EOF before COMMAND starts; {@code --dir} places the block's files; and
 * while it runs a {@link LeakRun} samples every process's cmdline/environ and scans every file: no secret anywhere.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuthExecCommandTest {
    private final TestUser alice = TestUser.randomWithSymbols("alice");
    private final TestCa ca = TestCa.create();
    private final BuiltImage image = TestImages.small(ManifestFormat.OCI, Platform.LINUX_AMD64);
    private TokenServer tokens;
    private RegistryServer basic;
    private RegistryServer token;
    private Path caFile;

    @TempDir
    Path tmp;

    @BeforeAll
    void start(@TempDir Path shared) throws Exception {
        tokens = TokenServer.start(ca);
        tokens.addPuller(alice, "team/app");
        token = RegistryServer.tokenTls(tokens);
        basic = RegistryServer.htpasswdTls(ca, alice);
        for (RegistryServer registry : List.of(basic, token)) {
            try (RegistryPusher pusher = RegistryPusher.forRegistry(registry)) {
                pusher.pushImage("team/app", "1", image);
            }
        }
        caFile = Files.writeString(shared.resolve("ca.pem"), ca.caCertificatePem());
    }

    @AfterAll
    void stop() {
        basic.close();
        token.close();
        tokens.close();
    }

    private static String registryLog(RegistryServer registry) throws Exception {
        return Files.readString(registry.rootDir().resolve("registry.log"), StandardCharsets.UTF_8);
    }

    private static String skopeo(RegistryServer registry) {
        return "skopeo --insecure-policy inspect --cert-dir \"$DOCKER_CONFIG/certs.d/" + registry.hostPort()
                + "\" docker://" + registry.hostPort() + "/team/app:1";
    }

    @Test
    void testSkopeoInside_authenticatesBothRegistries_exitCodeIsTheCommands_noLeak() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("run"));
        Path blockParent = Files.createDirectories(tmp.resolve("workspace@tmp"));
        long basicLogStart = registryLog(basic).length();
        long tokenLogStart = registryLog(token).length();
        String script = "set -e; echo \"DOCKER_CONFIG=$DOCKER_CONFIG\"; echo \"REGISTRY_AUTH_FILE=$REGISTRY_AUTH_FILE\"; "
                + "echo \"PATH=$PATH\"; " + skopeo(basic) + " >/dev/null; " + skopeo(token) + " >/dev/null; "
                + "[ -z \"$(cat)\" ] && echo stdin-empty; sleep 2; exit 7";
        List<String> args = new ArrayList<>(List.of("auth-exec", "--registry", basic.hostPort(), "--registry",
                token.hostPort(), "--username", alice.username(), "--password-stdin", "--ca-cert", caFile.toString(),
                "--dir", blockParent.toString(), "--", "/bin/sh", "-c", script));

        LeakRun.Result run = LeakRun.run(ChildJava.builder(Main.class, dir).args(args).stdin(alice.password()), dir,
                Duration.ofMinutes(2), () -> SecretScanner.builder().basic("alice", alice.username(), alice.password())
                        .secrets("a bearer token", tokens.issuedTokens()).build(), blockParent);

        assertThat(run.exitCode()).as(run.stdout() + run.stderr()).isEqualTo(7);
        run.scan().assertClean();
        assertThat(run.sampler().rounds()).as("sampled while the command ran").isGreaterThan(5);
        String dockerConfig = run.stdout().lines().filter(l -> l.startsWith("DOCKER_CONFIG=")).findFirst().orElseThrow()
                .substring("DOCKER_CONFIG=".length());
        assertThat(Path.of(dockerConfig).getParent()).as("--dir places the block's files").isEqualTo(blockParent);
        assertThat(run.stdout()).contains("REGISTRY_AUTH_FILE=" + dockerConfig + "/auth/config.json")
                .contains("PATH=" + dockerConfig + "/bin:").contains("stdin-empty");
        assertThat(Path.of(dockerConfig)).as("gone when the command exits").doesNotExist();
        assertThat(registryLog(basic).substring((int) basicLogStart)).contains("\" 200 ");
        assertThat(registryLog(token).substring((int) tokenLogStart)).contains("\" 200 ");
        System.out.printf("auth-exec: skopeo authenticated against htpasswd+TLS and token+TLS; exit 7 returned; "
                + "leak scan: %s%n", run.scan().summary());

        // the same command without auth-exec: 401
        Files.createDirectories(tmp.resolve("certs"));
        Files.copy(caFile, tmp.resolve("certs/ca.crt"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        long before = registryLog(basic).length();
        ProcessBuilder afterBuilder = new ProcessBuilder("/bin/sh", "-c", "skopeo --insecure-policy inspect --cert-dir "
                + tmp + "/certs docker://" + basic.hostPort() + "/team/app:1").redirectErrorStream(true);
        afterBuilder.environment().put("HOME", dir.toString());
        Process after = afterBuilder.start();
        String afterOutput = new String(after.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(after.waitFor()).as(afterOutput).isNotZero();
        assertThat(registryLog(basic).substring((int) before)).contains("\" 401 ").doesNotContain("\" 200 ");
    }

    @Test
    void testIdentityToken_answeredWithTokenUsername_commandNotFound127() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("token"));
        try (ChildJava child = ChildJava.builder(Main.class, dir).args("auth-exec", "--registry", "reg.example.com",
                "--token-stdin", "--", "/bin/sh", "-c",
                "printf reg.example.com | docker-credential-registrypull get").stdin("refresh-xyz-123").start()) {
            assertThat(child.waitFor(Duration.ofMinutes(1))).as(child.stderr()).isZero();
            assertThat(child.stdout()).contains("\"Username\":\"<token>\"").contains("\"Secret\":\"refresh-xyz-123\"");
        }
        try (ChildJava child = ChildJava.builder(Main.class, Files.createDirectories(tmp.resolve("missing")))
                .args("auth-exec", "--registry", "reg.example.com", "--token-stdin", "--", "no-such-command-x")
                .stdin("t").start()) {
            assertThat(child.waitFor(Duration.ofMinutes(1))).isEqualTo(AuthExecCommand.CANNOT_RUN);
            assertThat(child.stderr()).contains("cannot run no-such-command-x");
        }
    }

    @Test
    void testBadInput_exit2_beforeReadingStdin() {
        for (List<String> args : List.of(
                List.of("auth-exec", "--registry", "reg.example.com/team/app", "--username", "u", "--password-stdin", "--", "true"),
                List.of("auth-exec", "--registry", "reg.example.com", "--username", "u", "--", "true"),
                List.of("auth-exec", "--registry", "reg.example.com", "--password-stdin", "--", "true"),
                List.of("auth-exec", "--registry", "r.io", "--registry", "R.IO", "--token-stdin", "--", "true"),
                List.of("auth-exec", "--username", "u", "--password-stdin", "--", "true"),
                List.of("auth-exec", "--registry", "r.io", "--token-stdin"))) {
            StringWriter err = new StringWriter();
            int code = Main.run(new PrintWriter(new StringWriter()), new PrintWriter(err), args.toArray(String[]::new));
            assertThat(code).as(args + ": " + err).isEqualTo(ExitCodes.BAD_INPUT);
            assertThat(err.toString()).as(args.toString()).containsAnyOf("--registry", "--password-stdin",
                    "--token-stdin", "COMMAND", "--username");
            System.out.printf("auth-exec %s -> exit 2: %s%n", args.subList(1, args.size()),
                    err.toString().lines().findFirst().orElse(""));
        }
    }
}
