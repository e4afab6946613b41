package io.jenkins.registrypull.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.registrypull.testkit.BuiltImage;
import io.jenkins.registrypull.testkit.ChildJava;
import io.jenkins.registrypull.testkit.DockerDaemon;
import io.jenkins.registrypull.testkit.FakeEngine;
import io.jenkins.registrypull.testkit.Fault;
import io.jenkins.registrypull.testkit.FaultProxy;
import io.jenkins.registrypull.testkit.LeakRun;
import io.jenkins.registrypull.testkit.ManifestFormat;
import io.jenkins.registrypull.testkit.Podman;
import io.jenkins.registrypull.testkit.ProcessSampler;
import io.jenkins.registrypull.testkit.RegistryPusher;
import io.jenkins.registrypull.testkit.RegistryServer;
import io.jenkins.registrypull.testkit.SecretScanner;
import io.jenkins.registrypull.testkit.TestCa;
import io.jenkins.registrypull.testkit.TestImages;
import io.jenkins.registrypull.testkit.TestUser;
import io.jenkins.registrypull.testkit.TokenServer;
import io.jenkins.registrypull.testkit.TokenSettings;
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

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * No secret ever leaks from the command line, in any auth mode, after pulls that succeed and pulls that fail. Each
 * pull runs {@code registry-pull pull} in a child JVM whose {@code HOME}, {@code user.home}, {@code TMPDIR} and
 * {@code java.io.tmpdir} are fresh directories (so its blob store, {@code ~/.cache/registry-pull}, is in there too),
 * with the secret on stdin, against the real registry (Basic over TLS, or token auth over TLS) behind a
 * {@link FaultProxy} that slows blobs so the pull lasts long enough to be watched. While it runs, a
 * {@link ProcessSampler} captures {@code cmdline} and {@code environ} of the JVM and every process it starts
 * ({@code docker load}, {@code podman load}), of every process of the machine, and the files they hold open. Then
 * the {@link SecretScanner} looks for the password, the wrong password, the refresh token and every bearer token the
 * token server issued, in every encoding, in all of that, in every file under the child's directory (home, blob
 * store, temp directory, output, its console), in the stack traces it printed ({@code --debug}) and in whatever
 * appeared in {@code /tmp}. Zero hits.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CliLeakTest {

    enum Mode {
        /** htpasswd registry: Basic on every request. */
        BASIC,
        /** token registry: OAuth2 POST with grant_type=password. */
        TOKEN_POST,
        /** token registry whose realm has no OAuth2: GET with Basic credentials. */
        TOKEN_GET,
        /** token registry: an identity (OAuth2 refresh) token, --token-stdin. */
        REFRESH_TOKEN
    }

    enum Outcome {
        SUCCESS,
        /** the registry or the token server refuses the secret (exit 3) */
        WRONG_SECRET,
        /** logged in, then a layer arrives altered every time (exit 5) */
        FAILS_AFTER_LOGIN
    }

    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(3);

    private final TestUser alice = TestUser.randomWithSymbols("alice");
    private final String wrongPassword = TestUser.randomWithSymbols("wrong").password();
    private final String wrongRefreshToken = "rt-" + TestUser.randomWithSymbols("x").password();
    private final TestCa ca = TestCa.create();
    private TokenServer tokens;
    private RegistryServer basicRegistry;
    private RegistryServer tokenRegistry;
    private FaultProxy basicProxy;
    private FaultProxy tokenProxy;
    private BuiltImage image;
    private String refreshToken;
    private Path caFile;

    @TempDir
    Path tmp;

    @BeforeAll
    void start(@TempDir Path layers) throws IOException {
        tokens = TokenServer.start(ca);
        tokens.addPuller(alice, "team/app");
        tokenRegistry = RegistryServer.tokenTls(tokens);
        basicRegistry = RegistryServer.htpasswdTls(ca, alice);
        image = TestImages.big(layers, ManifestFormat.OCI, 1, 256 * 1024);
        for (RegistryServer registry : List.of(basicRegistry, tokenRegistry)) {
            try (RegistryPusher pusher = RegistryPusher.forRegistry(registry)) {
                pusher.pushImage("team/app", "1", image);
            }
        }
        basicProxy = FaultProxy.start(basicRegistry);
        tokenProxy = FaultProxy.start(tokenRegistry);
        refreshToken = refreshTokenFor(alice);
        caFile = Files.writeString(layers.resolve("ca.pem"), ca.caCertificatePem());
    }

    @AfterAll
    void stop() {
        basicProxy.close();
        tokenProxy.close();
        basicRegistry.close();
        tokenRegistry.close();
        tokens.close();
    }

    private String refreshTokenFor(TestUser user) throws IOException {
        OkHttpClient client = ca.trustingClientBuilder().build();
        Request request = new Request.Builder().url(tokens.realm()).post(new FormBody.Builder()
                .add("grant_type", "password").add("username", user.username()).add("password", user.password())
                .add("client_id", "test").add("access_type", "offline").add("service", tokens.service()).build()).build();
        try (Response response = client.newCall(request).execute()) {
            return new ObjectMapper().readTree(response.body().bytes()).get("refresh_token").asText();
        }
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

    private LeakRun.Result run(String name, Mode mode, Outcome outcome, List<String> target, Path... alsoScan)
            throws Exception {
        Path dir = Files.createDirectories(tmp.resolve(name));
        tokens.updateSettings(s -> TokenSettings.defaults().withPostEnabled(mode != Mode.TOKEN_GET));
        FaultProxy proxy = mode == Mode.BASIC ? basicProxy : tokenProxy;
        proxy.clearFaults();
        if (outcome == Outcome.FAILS_AFTER_LOGIN) {
            proxy.inject(FaultProxy.pathContains("/blobs/" + image.layers().get(1).digest()), new Fault.FlipByte(100),
                    Integer.MAX_VALUE);
        }
        // slow blobs: the pull, and a docker/podman load it feeds, last long enough to be sampled many times
        proxy.inject(FaultProxy.isBlob(), new Fault.Slow(256 * 1024), Integer.MAX_VALUE);

        List<String> args = new ArrayList<>(List.of("pull", proxy.hostPort() + "/team/app:1", "--ca-cert",
                caFile.toString(), "--debug"));
        String secret;
        if (mode == Mode.REFRESH_TOKEN) {
            args.add("--token-stdin");
            secret = outcome == Outcome.WRONG_SECRET ? wrongRefreshToken : refreshToken;
        } else {
            args.addAll(List.of("--username", alice.username(), "--password-stdin"));
            secret = outcome == Outcome.WRONG_SECRET ? wrongPassword : alice.password();
        }
        args.addAll(target);

        LeakRun.Result run = runChild(dir, Main.class, args, secret, alsoScan);
        run.scan().assertClean();
        assertThat(run.sampler().rounds()).as("sampled while the pull ran").isGreaterThan(10);
        return run;
    }

    private LeakRun.Result runChild(Path dir, Class<?> main, List<String> args, String stdin, Path... alsoScan)
            throws Exception {
        return LeakRun.run(ChildJava.builder(main, dir).args(args).stdin(stdin), dir, RUN_TIMEOUT,
                () -> SecretScanner.builder()
                        .basic("alice", alice.username(), alice.password())
                        .secret("the wrong password", wrongPassword)
                        .secret("the refresh token", refreshToken)
                        .secret("the wrong refresh token", wrongRefreshToken)
                        .secrets("a bearer token", tokens.issuedTokens())
                        .secrets("an issued refresh token", tokens.issuedRefreshTokens())
                        .build(), alsoScan);
    }

    private List<String> ociOutput(String name) {
        return List.of("--output", "oci:" + tmp.resolve(name).resolve("workspace/out"));
    }

    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("modesAndOutcomes")
    void testPullIntoOciLayout_noSecretAnywhere(Mode mode, Outcome outcome) throws Exception {
        String name = "oci-" + mode + "-" + outcome;
        LeakRun.Result run = run(name, mode, outcome, ociOutput(name));

        int expected = switch (outcome) {
            case SUCCESS -> ExitCodes.OK;
            case WRONG_SECRET -> ExitCodes.AUTH;
            case FAILS_AFTER_LOGIN -> ExitCodes.VERIFICATION;
        };
        assertThat(run.exitCode()).as(run.stderr()).isEqualTo(expected);
        if (outcome != Outcome.SUCCESS) {
            assertThat(run.stderr()).as("the stack trace was printed, and scanned").contains("\tat io.jenkins.");
        }
        if (outcome != Outcome.WRONG_SECRET) {
            // the default blob store is in the child's home, and was scanned with it
            assertThat(run.home().resolve(".cache/registry-pull/blobs/sha256")).isNotEmptyDirectory();
        }
        if (outcome == Outcome.SUCCESS) {
            assertThat(tmp.resolve(name).resolve("workspace/out/index.json")).isRegularFile();
        }
        assertThat(run.scan().processesScanned()).as("every process of the machine").hasSizeGreaterThan(10);
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void testLoadIntoFakeDocker_theEngineChildGetsNoSecret(Mode mode) throws Exception {
        String name = "fake-docker-" + mode;
        FakeEngine fake = FakeEngine.create(tmp.resolve(name).resolve("engine"), "docker");
        LeakRun.Result run = run(name, mode, Outcome.SUCCESS, List.of("--load", "docker", "--load-executable",
                fake.executable().toString()));

        assertThat(run.exitCode()).as(run.stderr()).isZero();
        // the fake recorded its own /proc/PID/cmdline and environ (scanned with the run's directory)
        assertThat(fake.commandLines()).anySatisfy(line -> assertThat(line).endsWith("docker load"))
                .anySatisfy(line -> assertThat(line).contains("docker image inspect"));
        assertThat(run.sampler().seen()).anySatisfy(s -> assertThat(s.commandLine()).endsWith("docker load"));
    }

    /**
     * The harness itself: a child that leaks the password on purpose, in each place a real leak could hide, is caught
     * in every one of them (so the zero hits above mean something).
     */
    @Test
    void testHarness_catchesADeliberateLeakEverywhere() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("leaky"));
        LeakRun.Result run = runChild(dir, LeakyChild.class, List.of(alice.username()), alice.password());
        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(run.scan().hits()).extracting(SecretScanner.Hit::where)
                .anySatisfy(w -> assertThat(w).isEqualTo("file " + run.home().resolve(".docker/config.json")))
                .anySatisfy(w -> assertThat(w).isEqualTo("file " + dir.resolve("stderr")))
                .anySatisfy(w -> assertThat(w).matches("pid \\d+ \\(sleep\\) environ"))
                .anySatisfy(w -> assertThat(w).matches("pid \\d+ \\(sh\\) cmdline"))
                .anySatisfy(w -> assertThat(w).matches("open file " + java.util.regex.Pattern.quote(
                        dir.resolve("tmp").toString()) + "/leak.*\\.tmp.* of pid \\d+"));
        assertThat(run.scan().hits()).extracting(SecretScanner.Hit::form)
                .contains("base64 of user:password", "URL-encoded (form, +)", "JSON-escaped (non-ASCII as \\u)");
    }

    @Test
    void testLoadIntoRealDocker_dockerLoadGetsNoSecret() throws Exception {
        realDocker(List.of(), " load");
    }

    @Test
    void testLoadIntoRealDocker_dockerPullFromTheServedLoopbackGetsNoSecret() throws Exception {
        realDocker(List.of("--docker-serve"), " pull --quiet ");
    }

    private void realDocker(List<String> options, String watched) throws Exception {
        try (DockerDaemon docker = DockerDaemon.start()) {
            List<String> arguments = new java.util.ArrayList<>(List.of("--load", "docker", "--load-executable",
                    DockerDaemon.CLIENT, "--docker-host", docker.host()));
            arguments.addAll(options);
            LeakRun.Result run = run(options.isEmpty() ? "real-docker" : "real-docker-serve", Mode.TOKEN_POST,
                    Outcome.SUCCESS, arguments, docker.dir());
            assertThat(run.exitCode()).as(run.stderr()).isZero();
            assertThat(run.sampler().seen()).as("docker" + watched + " was watched while it ran")
                    .anySatisfy(s -> assertThat(s.commandLine()).startsWith(DockerDaemon.CLIENT).contains(watched));
            assertThat(docker.inspect(tokenProxy.hostPort() + "/team/app:1", "{{.Id}}"))
                    .isEqualTo(image.config().digest());
        }
    }

    @Test
    void testLoadIntoRealPodman_podmanLoadGetsNoSecret() throws Exception {
        try (Podman podman = Podman.create()) {
            LeakRun.Result run = run("real-podman", Mode.REFRESH_TOKEN, Outcome.SUCCESS, List.of("--load", "podman",
                    "--load-executable", Podman.BINARY, "--podman-root", podman.root().toString(),
                    "--podman-runroot", podman.runroot().toString(), "--podman-storage-driver", podman.storageDriver()),
                    podman.dir());
            assertThat(run.exitCode()).as(run.stderr()).isZero();
            assertThat(run.sampler().seen()).as("podman load was watched while it ran")
                    .anySatisfy(s -> assertThat(s.commandLine()).startsWith(Podman.BINARY).endsWith(" load"));
        }
    }
}
