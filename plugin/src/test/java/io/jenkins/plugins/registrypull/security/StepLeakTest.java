package io.jenkins.plugins.registrypull.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.registrypull.testkit.BuiltImage;
import io.jenkins.registrypull.testkit.ChildJava;
import io.jenkins.registrypull.testkit.DockerDaemon;
import io.jenkins.registrypull.testkit.FakeEngine;
import io.jenkins.registrypull.testkit.Fault;
import io.jenkins.registrypull.testkit.FaultProxy;
import io.jenkins.registrypull.testkit.LeakRun;
import io.jenkins.registrypull.testkit.ManifestFormat;
import io.jenkins.registrypull.testkit.RegistryPusher;
import io.jenkins.registrypull.testkit.RegistryServer;
import io.jenkins.registrypull.testkit.SecretScanner;
import io.jenkins.registrypull.testkit.TestCa;
import io.jenkins.registrypull.testkit.TestImages;
import io.jenkins.registrypull.testkit.TestUser;
import io.jenkins.registrypull.testkit.TokenServer;
import io.jenkins.registrypull.testkit.TokenSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import okhttp3.FormBody;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * No secret ever leaks from the {@code registryPull} step, in any auth mode, after pulls that succeed and pulls that
 * fail. Each pull is a step execution driven through a test StepContext, its pull crossing a serializing agent channel
 * into the engine, in a child JVM ({@link StepLeakChild}) whose {@code HOME}, {@code user.home} and temp directories
 * are fresh (the agent's blob store, {@code ~/.cache/registry-pull}, is in there); the credential reaches it on stdin,
 * as JSON, and is stored in the stand-in Jenkins' credentials store. The registry is real (Basic over TLS, or token
 * auth over TLS) behind a {@link FaultProxy} that slows blobs. While it runs, {@code cmdline}, {@code environ} and open
 * files of the JVM, of the docker/podman it starts and of every process of the machine are captured; afterwards the
 * password, the wrong password, the refresh token and every bearer token issued are searched, in every encoding, in
 * those, in every file of the workspace, the agent's home and blob store, the temp directories and the Jenkins home
 * (with what the controller would persist of the build), in the build console and in the step's failure with its
 * stack trace. Zero hits.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StepLeakTest {

    enum Mode {
        /** Username with password credentials, htpasswd registry: Basic on every request. */
        BASIC,
        /** Username with password credentials, token registry: OAuth2 POST with grant_type=password. */
        TOKEN_POST,
        /** Username with password credentials, token registry without OAuth2: GET with Basic credentials. */
        TOKEN_GET,
        /** A "Secret text" credential holding a refresh token: used as an identity token (grant_type=refresh_token). */
        SECRET_TEXT_TOKEN
    }

    enum Outcome { SUCCESS, WRONG_SECRET, FAILS_AFTER_LOGIN }

    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(3);

    private final TestUser alice = TestUser.randomWithSymbols("alice");
    private final String wrongPassword = TestUser.randomWithSymbols("wrong").password();
    private final String wrongRefreshToken = "rt-" + TestUser.randomWithSymbols("x").password();
    private final TestCa ca = TestCa.create();
    private final ObjectMapper json = new ObjectMapper();
    private TokenServer tokens;
    private RegistryServer basicRegistry;
    private RegistryServer tokenRegistry;
    private FaultProxy basicProxy;
    private FaultProxy tokenProxy;
    private BuiltImage image;
    private String refreshToken;

    @TempDir
    Path tmp;

    @BeforeAll
    void start(@TempDir Path layers) throws IOException {
        tokens = TokenServer.start(ca);
        tokens.addPuller(alice, "team/app");
        tokenRegistry = RegistryServer.tokenTls(tokens);
        basicRegistry = RegistryServer.htpasswdTls(ca, alice);
        image = TestImages.big(layers, ManifestFormat.DOCKER, 1, 256 * 1024);
        for (RegistryServer registry : List.of(basicRegistry, tokenRegistry)) {
            try (RegistryPusher pusher = RegistryPusher.forRegistry(registry)) {
                pusher.pushImage("team/app", "1", image);
            }
        }
        basicProxy = FaultProxy.start(basicRegistry);
        tokenProxy = FaultProxy.start(tokenRegistry);
        OkHttpClient client = ca.trustingClientBuilder().build();
        Request request = new Request.Builder().url(tokens.realm()).post(new FormBody.Builder()
                .add("grant_type", "password").add("username", alice.username()).add("password", alice.password())
                .add("client_id", "test").add("access_type", "offline").add("service", tokens.service()).build()).build();
        try (Response response = client.newCall(request).execute()) {
            refreshToken = json.readTree(response.body().bytes()).get("refresh_token").asText();
        }
    }

    @AfterAll
    void stop() {
        basicProxy.close();
        tokenProxy.close();
        basicRegistry.close();
        tokenRegistry.close();
        tokens.close();
    }

    static Stream<Arguments> modesAndOutcomes() {
        List<Arguments> all = new ArrayList<>();
        for (Mode mode : Mode.values()) {
            for (Outcome outcome : Outcome.values()) {
                all.add(Arguments.of(mode, outcome));
            }
        }
        return all.stream();
    }

    /**
     * One step execution in a child JVM; asserts nothing leaked.
     *
     * @param path the build's PATH on the agent (where target docker finds its CLI)
     */
    private LeakRun.Result run(String name, Mode mode, Outcome outcome, String target, String path, String dockerHost,
            Path... alsoScan) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve(name));
        tokens.updateSettings(s -> TokenSettings.defaults().withPostEnabled(mode != Mode.TOKEN_GET));
        FaultProxy proxy = mode == Mode.BASIC ? basicProxy : tokenProxy;
        proxy.clearFaults();
        if (outcome == Outcome.FAILS_AFTER_LOGIN) {
            proxy.inject(FaultProxy.pathContains("/blobs/" + image.layers().get(1).digest()), new Fault.FlipByte(100),
                    Integer.MAX_VALUE);
        }
        proxy.inject(FaultProxy.isBlob(), new Fault.Slow(256 * 1024), Integer.MAX_VALUE);

        ObjectNode config = json.createObjectNode()
                .put("image", proxy.hostPort() + "/team/app:1")
                .put("caPem", ca.caCertificatePem())
                .put("target", target)
                .put("path", path)
                .put("dockerHost", dockerHost)
                .put("workspace", dir.resolve("workspace").toString())
                .put("jenkinsHome", dir.resolve("jenkins-home").toString());
        ObjectNode credential = config.putObject("credential");
        if (mode == Mode.SECRET_TEXT_TOKEN) {
            credential.put("kind", "secretText")
                    .put("secret", outcome == Outcome.WRONG_SECRET ? wrongRefreshToken : refreshToken);
        } else {
            credential.put("kind", "usernamePassword").put("username", alice.username())
                    .put("secret", outcome == Outcome.WRONG_SECRET ? wrongPassword : alice.password());
        }

        LeakRun.Result run = LeakRun.run(ChildJava.builder(StepLeakChild.class, dir).stdin(json.writeValueAsBytes(config)),
                dir, RUN_TIMEOUT, () -> SecretScanner.builder()
                        .basic("alice", alice.username(), alice.password())
                        .secret("the wrong password", wrongPassword)
                        .secret("the refresh token", refreshToken)
                        .secret("the wrong refresh token", wrongRefreshToken)
                        .secrets("a bearer token", tokens.issuedTokens())
                        .secrets("an issued refresh token", tokens.issuedRefreshTokens())
                        .build(), alsoScan);
        run.scan().assertClean();
        assertThat(run.sampler().rounds()).as("sampled while the pull ran").isGreaterThan(10);
        assertThat(run.scan().processesScanned()).as("every process of the machine").hasSizeGreaterThan(10);
        assertThat(run.stdout()).as("the build console was printed, and scanned").contains("CONSOLE-BEGIN\nPulling ");
        assertThat(dir.resolve("jenkins-home/jobs/leak/builds/1/step.txt")).isRegularFile();
        return run;
    }

    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("modesAndOutcomes")
    void testStepIntoOciLayout_noSecretAnywhere(Mode mode, Outcome outcome) throws Exception {
        String name = "oci-" + mode + "-" + outcome;
        LeakRun.Result run = run(name, mode, outcome, "oci", "/usr/bin:/bin", null);

        if (outcome == Outcome.SUCCESS) {
            assertThat(run.exitCode()).as(run.stderr()).isZero();
            assertThat(tmp.resolve(name).resolve("workspace/registry-pull/oci/team/app/index.json")).isRegularFile();
            assertThat(tmp.resolve(name).resolve("jenkins-home/jobs/leak/builds/1/action.txt")).isRegularFile();
        } else {
            assertThat(run.exitCode()).isEqualTo(1);
            assertThat(run.stderr()).as("the failure and its stack trace were printed, and scanned")
                    .contains("hudson.AbortException: Could not pull ").contains("\tat ");
            assertThat(run.stdout()).doesNotContain("Pulled ");
            assertThat(tmp.resolve(name).resolve("workspace/registry-pull")).doesNotExist();
        }
        if (outcome != Outcome.WRONG_SECRET) {
            // the agent's default blob store is in the child's home, and was scanned with it
            assertThat(run.home().resolve(".cache/registry-pull/blobs/sha256")).isNotEmptyDirectory();
        }
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void testStepTargetDocker_fakeDockerGetsNoSecret(Mode mode) throws Exception {
        String name = "fake-docker-" + mode;
        FakeEngine fake = FakeEngine.create(tmp.resolve(name).resolve("engine"), "docker");
        LeakRun.Result run = run(name, mode, Outcome.SUCCESS, "docker", fake.binDir() + ":/usr/bin:/bin", null);

        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(fake.commandLines()).anySatisfy(line -> assertThat(line).endsWith("docker load"));
        assertThat(run.sampler().seen()).anySatisfy(s -> assertThat(s.commandLine()).endsWith("docker load"));
    }

    @Test
    void testStepTargetDocker_realDockerLoadGetsNoSecret() throws Exception {
        try (DockerDaemon docker = DockerDaemon.start()) {
            LeakRun.Result run = run("real-docker", Mode.SECRET_TEXT_TOKEN, Outcome.SUCCESS, "docker",
                    Path.of(DockerDaemon.CLIENT).getParent() + ":/bin", docker.host(), docker.dir());
            assertThat(run.exitCode()).as(run.stderr()).isZero();
            assertThat(run.sampler().seen()).as("docker load was watched while it ran")
                    .anySatisfy(s -> assertThat(s.commandLine()).startsWith(DockerDaemon.CLIENT).endsWith(" load"));
            assertThat(docker.inspect(tokenProxy.hostPort() + "/team/app:1", "{{.Id}}")).isEqualTo(image.config().digest());
        }
    }
}
