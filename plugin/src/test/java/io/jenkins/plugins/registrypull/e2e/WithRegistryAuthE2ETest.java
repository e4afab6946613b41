package io.jenkins.plugins.registrypull.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import hudson.EnvVars;
import hudson.FilePath;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.registrypull.WithRegistryAuthStep;
import io.jenkins.plugins.registrypull.testing.BodyStepContext;
import io.jenkins.plugins.registrypull.testing.CapturingListener;
import io.jenkins.plugins.registrypull.testing.SerializingChannel;
import io.jenkins.plugins.registrypull.testing.TestCredentials;
import io.jenkins.registrypull.standin.StandIn;
import io.jenkins.registrypull.standin.StandInJob;
import io.jenkins.registrypull.standin.StandInRun;
import io.jenkins.registrypull.testkit.BuiltImage;
import io.jenkins.registrypull.testkit.DockerDaemon;
import io.jenkins.registrypull.testkit.ManifestFormat;
import io.jenkins.registrypull.testkit.Platform;
import io.jenkins.registrypull.testkit.Podman;
import io.jenkins.registrypull.testkit.RegistryPusher;
import io.jenkins.registrypull.testkit.RegistryServer;
import io.jenkins.registrypull.testkit.TestImages;
import io.jenkins.registrypull.testkit.TestUser;
import io.jenkins.registrypull.testkit.TokenServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import okhttp3.FormBody;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code withRegistryAuth} with the real tools: inside the block, {@code docker pull} (the docker 20.10 client of
 * Debian and, where installed, a docker 28 client, both against a private dockerd 20.10), {@code podman pull} (4.3)
 * and {@code skopeo copy} (1.9) succeed against the real registry with htpasswd Basic over TLS and with token auth
 * over TLS; after the block the same commands, in the same environment, fail as unauthenticated; and the secret is
 * nowhere on disk or in any process's arguments or environment, during the block or after it ({@link LeakScan}).
 *
 * <p>TLS: podman and skopeo trust the test CA through {@code --cert-dir}; dockerd treats 127.0.0.0/8 as an insecure
 * registry range by default (TLS without verification, credentials still only over TLS), so no system-wide
 * {@code /etc/docker/certs.d} entry is needed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WithRegistryAuthE2ETest {
    private static final String DOCKER_20 = DockerDaemon.CLIENT;
    private static final String DOCKER_28 = "/usr/local/bin/docker";

    /** Passwords with characters that JSON, URLs and base64 all treat differently. */
    private final TestUser carol = new TestUser("carol", "c\"a/r+o%l:" + TestUser.random("x").password().substring(0, 20));
    private final TestUser dave = new TestUser("dave", "d\\a\"v/e+%:" + TestUser.random("x").password().substring(0, 20));
    private final BuiltImage image = TestImages.small(ManifestFormat.DOCKER, Platform.LINUX_AMD64);

    private RegistryServer basic;
    private TokenServer tokens;
    private RegistryServer token;
    private DockerDaemon docker;
    private Podman podman;

    @TempDir
    Path tmp;
    private Path workspace;
    private Path home;
    private Path certDir;
    private CapturingListener listener;
    private StandInRun run;

    @BeforeAll
    void start() {
        basic = RegistryServer.htpasswdTls(carol);
        tokens = TokenServer.start();
        token = RegistryServer.tokenTls(tokens);
        tokens.addPuller(dave, "team/db");
        for (RegistryServer registry : List.of(basic, token)) {
            try (RegistryPusher pusher = RegistryPusher.forRegistry(registry)) {
                pusher.pushImage("team/db", "2", image);
            }
        }
        docker = DockerDaemon.start();
        podman = Podman.create();
    }

    @AfterAll
    void stop() {
        podman.close();
        docker.close();
        token.close();
        tokens.close();
        basic.close();
    }

    @BeforeEach
    void startJenkins() throws Exception {
        StandIn.reset();
        StandIn.startJenkins(Files.createDirectories(tmp.resolve("jenkins")).toFile());
        TestCredentials.registerDescriptors();
        TestCredentials.usernamePassword("basic", carol.username(), carol.password());
        TestCredentials.usernamePassword("token", dave.username(), dave.password());
        workspace = Files.createDirectories(tmp.resolve("workspace"));
        Files.createDirectories(tmp.resolve("workspace@tmp"));
        home = Files.createDirectories(tmp.resolve("home"));
        Files.createDirectories(tmp.resolve("tmpdir"));
        certDir = Files.createDirectories(tmp.resolve("certs"));
        Files.writeString(certDir.resolve("ca.crt"), basic.ca().caCertificatePem() + token.ca().caCertificatePem());
        listener = new CapturingListener();
        run = StandInJob.create("auth-e2e").newRun();
    }

    @AfterEach
    void stopJenkins() {
        StandIn.reset();
    }

    /** The agent's environment before the block: no registry setting at all. */
    private Map<String, String> agentEnvironment() {
        return Map.of("PATH", "/usr/sbin:/usr/bin:/sbin:/bin", "HOME", home.toString(), "DOCKER_HOST", docker.host(),
                "TMPDIR", tmp.resolve("tmpdir").toString(), "LANG", "C.UTF-8");
    }

    /** What a tool printed, and what the registry logged meanwhile (its access log: method, path, status, agent). */
    record Result(String tool, int exitCode, String output, String registryLog) {
    }

    private static Result exec(String tool, List<String> command, Map<String, String> env) throws Exception {
        return exec(tool, command, env, null);
    }

    private static Result exec(String tool, List<String> command, Map<String, String> env, RegistryServer registry)
            throws Exception {
        Path log = registry == null ? null : registry.rootDir().resolve("registry.log");
        long logStart = log == null ? 0 : Files.size(log);
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().clear();
        pb.environment().putAll(env);
        Process p = pb.start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError(tool + " hung");
        }
        String logged = "";
        if (log != null) {
            byte[] all = Files.readAllBytes(log);
            logged = new String(all, (int) logStart, all.length - (int) logStart, StandardCharsets.UTF_8);
        }
        return new Result(tool, p.exitValue(), out, logged);
    }

    /** Every tool pulls {@code reference} in {@code env}. */
    private List<Result> pullWithEveryTool(RegistryServer registry, Map<String, String> env, String tag) throws Exception {
        String reference = registry.hostPort() + "/team/db:2";
        List<Result> results = new ArrayList<>();
        results.add(exec("docker 20.10", List.of(DOCKER_20, "pull", reference), env, registry));
        if (Files.isExecutable(Path.of(DOCKER_28))) {
            results.add(exec("docker 28", List.of(DOCKER_28, "pull", reference), env, registry));
        } else {
            System.out.println("withRegistryAuth: no docker 28 client at " + DOCKER_28 + ": only docker 20.10 tested");
        }
        List<String> pod = new ArrayList<>(List.of(Podman.BINARY));
        pod.addAll(podman.globalOptions());
        pod.addAll(List.of("pull", "--cert-dir", certDir.toString(), reference));
        results.add(exec("podman 4.3", pod, env, registry));
        results.add(exec("skopeo 1.9", List.of("/usr/bin/skopeo", "--insecure-policy", "copy", "--src-cert-dir",
                certDir.toString(), "docker://" + reference, "oci:" + tmp.resolve("oci-" + tag) + ":x"), env, registry));
        return results;
    }

    private List<Path> scannedRoots() {
        return List.of(workspace, tmp.resolve("workspace@tmp"), home, Path.of(System.getProperty("java.io.tmpdir")),
                docker.dir(), podman.dir(), Path.of(System.getProperty("user.home"), ".docker"),
                Path.of(System.getProperty("user.home"), ".config", "containers"), Path.of("/run/containers"),
                Path.of("/run/user/0/containers"));
    }

    private void assertNoLeak(TestUser user, String secret, String when) throws IOException {
        LeakScan scan = new LeakScan(user.username(), secret);
        List<String> found = scan.scan(scannedRoots());
        System.out.printf("withRegistryAuth leak scan (%s, %s): %d files, %d processes, %d findings%n", user.username(),
                when, scan.filesScanned(), scan.processesScanned(), found.size());
        assertThat(found).as("the secret was found " + when).isEmpty();
        assertThat(listener.text()).doesNotContain(secret);
    }

    /** Runs the block: the body pulls with every tool; then the same pulls after the block. */
    private void pullInsideAndAfter(RegistryServer registry, String credentialsId, TestUser user, String secret)
            throws Throwable {
        WithRegistryAuthStep step = new WithRegistryAuthStep();
        step.setRegistry(registry.hostPort());
        step.setCredentialsId(credentialsId);
        BodyStepContext context = new BodyStepContext().with(Run.class, run)
                .with(FilePath.class, new FilePath(new SerializingChannel(), workspace.toString()))
                .with(TaskListener.class, listener);
        step.start(context).start();
        BodyStepContext.Body body = context.awaitBody();
        EnvVars env = body.environment(agentEnvironment());

        List<Result> inside = pullWithEveryTool(registry, env, credentialsId + "-in");
        for (Result r : inside) {
            assertThat(r.exitCode()).as(r.tool() + " inside the block:\n" + r.output()).isZero();
            assertThat(r.registryLog()).as(r.tool() + " inside the block, registry log").contains("\" 200 ");
            System.out.printf("withRegistryAuth: %s pulled from %s inside the block%n", r.tool(), registry.auth());
        }
        assertNoLeak(user, secret, "during the block");

        body.succeed(null);
        context.await();

        assertThat(Path.of(env.get("DOCKER_CONFIG"))).doesNotExist();
        // After the block, as Jenkins runs the next steps: the agent's environment, without the block's variables.
        List<Result> after = pullWithEveryTool(registry, agentEnvironment(), credentialsId + "-after");
        for (Result r : after) {
            assertThat(r.exitCode()).as(r.tool() + " after the block:\n" + r.output()).isNotZero();
            // The tools word it differently (dockerd: "denied", or for an insecure-by-default loopback registry the
            // error of its plain-HTTP fallback); the registry's access log says what happened: 401, no credentials.
            assertThat(r.registryLog()).as(r.tool() + " after the block, registry log").contains("\" 401 ")
                    .doesNotContain("\" 200 ");
            assertThat(r.output()).as(r.tool()).doesNotContain("error getting credentials");
            System.out.printf("withRegistryAuth: %s after the block: exit %d, registry answered 401: %s%n", r.tool(),
                    r.exitCode(), r.output().strip().lines().reduce((a, b) -> b).orElse(""));
        }
        // A process that kept the block's environment (started inside, still running) gets nothing either.
        List<Result> stale = pullWithEveryTool(registry, env, credentialsId + "-stale");
        for (Result r : stale) {
            assertThat(r.exitCode()).as(r.tool() + " with the block's environment after the block:\n" + r.output())
                    .isNotZero();
            assertThat(r.registryLog()).as(r.tool() + " with the stale environment, registry log").doesNotContain("\" 200 ");
            System.out.printf("withRegistryAuth: %s with the block's environment after the block: exit %d: %s%n",
                    r.tool(), r.exitCode(), r.output().strip().lines().reduce((a, b) -> b).orElse(""));
        }
        assertNoLeak(user, secret, "after the block");
    }

    @Test
    void testHtpasswdTls_everyToolInside_unauthorizedAfter_noLeak() throws Throwable {
        pullInsideAndAfter(basic, "basic", carol, carol.password());
    }

    @Test
    void testTokenTls_everyToolInside_unauthorizedAfter_noLeak() throws Throwable {
        pullInsideAndAfter(token, "token", dave, dave.password());
    }

    @Test
    void testTokenTls_identityToken_dockerAndPodmanDoTheRefreshExchange() throws Throwable {
        String refresh = refreshTokenFor(dave);
        TestCredentials.usernamePassword("identity", "<token>", refresh);
        tokens.requests().clear();
        pullInsideAndAfter(token, "identity", new TestUser("<token>", refresh), refresh);
        assertThat(listener.text()).contains("an identity (OAuth2 refresh) token");
        // the helper answered Username "<token>": the tools exchanged the refresh token themselves (OAuth2 POST)
        assertThat(tokens.requests().count(r -> "refresh_token".equals(r.grantType()) && r.succeeded()))
                .as(tokens.requests().toString()).isGreaterThanOrEqualTo(4);
        assertThat(tokens.requests().anySecretInUrl()).isFalse();
    }

    @Test
    void testDockerBuild_fromAPrivateBaseImage() throws Throwable {
        WithRegistryAuthStep step = new WithRegistryAuthStep();
        step.setRegistry(basic.hostPort());
        step.setCredentialsId("basic");
        BodyStepContext context = new BodyStepContext().with(Run.class, run)
                .with(FilePath.class, new FilePath(new SerializingChannel(), workspace.toString()))
                .with(TaskListener.class, listener);
        step.start(context).start();
        BodyStepContext.Body body = context.awaitBody();
        Map<String, String> env = new java.util.HashMap<>(body.environment(agentEnvironment()));
        env.put("DOCKER_BUILDKIT", "0");
        Files.writeString(workspace.resolve("Dockerfile"), "FROM " + basic.hostPort() + "/team/db:2\nLABEL built=by-test\n");
        // make sure the base image is not already there, so the build must pull it with the block's credentials
        exec("docker", List.of(DOCKER_20, "image", "rm", "-f", basic.hostPort() + "/team/db:2"), env);

        Result build = exec("docker 20.10 build", List.of(DOCKER_20, "build", "--pull", "-t", "built-by-test:1",
                workspace.toString()), env);

        body.succeed(null);
        context.await();
        assertThat(build.exitCode()).as(build.output()).isZero();
        assertNoLeak(carol, carol.password(), "after docker build");
    }

    /** podman build (buildah inside) pulls its private base image with the block's REGISTRY_AUTH_FILE. */
    @Test
    void testPodmanBuild_fromAPrivateBaseImage() throws Throwable {
        WithRegistryAuthStep step = new WithRegistryAuthStep();
        step.setRegistry(token.hostPort());
        step.setCredentialsId("token");
        BodyStepContext context = new BodyStepContext().with(Run.class, run)
                .with(FilePath.class, new FilePath(new SerializingChannel(), workspace.toString()))
                .with(TaskListener.class, listener);
        step.start(context).start();
        BodyStepContext.Body body = context.awaitBody();
        Map<String, String> env = body.environment(agentEnvironment());
        Path buildContext = Files.createDirectories(workspace.resolve("podman-build"));
        Files.writeString(buildContext.resolve("Containerfile"), "FROM " + token.hostPort() + "/team/db:2\nLABEL built=by-test\n");
        List<String> build = new ArrayList<>(List.of(Podman.BINARY));
        build.addAll(podman.globalOptions());
        build.addAll(List.of("build", "--pull-always", "--cert-dir", certDir.toString(), "-t", "podman-built:1",
                buildContext.toString()));

        Result inside = exec("podman build", build, env, token);
        body.succeed(null);
        context.await();
        Result after = exec("podman build", build, agentEnvironment(), token);

        assertThat(inside.exitCode()).as(inside.output()).isZero();
        assertThat(inside.registryLog()).contains("\" 200 ");
        assertThat(after.exitCode()).as(after.output()).isNotZero();
        assertThat(after.registryLog()).doesNotContain("\" 200 ");
        System.out.printf("withRegistryAuth: podman build FROM a private image: inside exit 0, after exit %d%n",
                after.exitCode());
        assertNoLeak(dave, dave.password(), "after podman build");
    }

    /** A refresh token the token server issued to {@code user} (what {@code docker login} keeps as identity token). */
    private String refreshTokenFor(TestUser user) throws IOException {
        OkHttpClient client = token.ca().trustingClientBuilder().build();
        Request request = new Request.Builder().url(tokens.realm()).post(new FormBody.Builder()
                .add("grant_type", "password").add("username", user.username()).add("password", user.password())
                .add("client_id", "test").add("access_type", "offline").add("service", tokens.service()).build()).build();
        try (Response response = client.newCall(request).execute()) {
            return new ObjectMapper().readTree(response.body().bytes()).get("refresh_token").asText();
        }
    }

}
