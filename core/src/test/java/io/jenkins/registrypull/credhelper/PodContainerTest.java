package io.jenkins.registrypull.credhelper;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.registrypull.testkit.BuiltImage;
import io.jenkins.registrypull.testkit.DockerDaemon;
import io.jenkins.registrypull.testkit.FreePort;
import io.jenkins.registrypull.testkit.ManifestFormat;
import io.jenkins.registrypull.testkit.Platform;
import io.jenkins.registrypull.testkit.RegistryPusher;
import io.jenkins.registrypull.testkit.RegistryServer;
import io.jenkins.registrypull.testkit.SecretScan;
import io.jenkins.registrypull.testkit.SecretScanner;
import io.jenkins.registrypull.testkit.TestImages;
import io.jenkins.registrypull.testkit.TestUser;
import io.jenkins.registrypull.testkit.TokenServer;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@code withRegistryAuth} on a Kubernetes pod agent, simulated faithfully ({@link PodContainers}): the agent JVM runs
 * as uid 1000 (as {@code jenkins/inbound-agent} does) and puts the block under {@code WORKSPACE@tmp} of a realistic,
 * long job name; the block's commands run in another "container" (own mount namespace: empty /tmp, no java, busybox
 * as /bin/sh and as every tool, plus skopeo and the docker 20.10 and 28 clients), as root and as uid 1000. The docker
 * clients talk to a dockerd through 127.0.0.1 TCP, as to a dind sidecar. Inside the block skopeo and both docker
 * clients authenticate against the htpasswd+TLS and the token+TLS registries (the registry logs 200); after the block
 * the same commands fail (the registry logs 401 and no 200); the secrets are in no file of the workspace.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PodContainerTest {
    private static final int AGENT_UID = 1000;
    private static final String JOB = "team-a_payments-service_PR-1234";

    private final TestUser carol = new TestUser("carol", "c\"a/r+o%l:" + TestUser.random("x").password().substring(0, 20));
    private final TestUser dave = new TestUser("dave", "d\\a\"v/e+%:" + TestUser.random("x").password().substring(0, 20));
    private final BuiltImage image = TestImages.small(ManifestFormat.DOCKER, Platform.LINUX_AMD64);

    private RegistryServer basic;
    private TokenServer tokens;
    private RegistryServer token;
    private DockerDaemon docker;
    private Process sidecar;
    private int sidecarPort;
    private Path root;
    private Path workspace;
    private Path classPath;
    private PodContainers pod;

    @BeforeAll
    void start() throws Exception {
        assertThat(System.getProperty("user.name")).as("the pod simulation needs root (unshare, mount)").isEqualTo("root");
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
        // the dind sidecar: dockerd reached on the pod's loopback
        sidecarPort = FreePort.find();
        sidecar = new ProcessBuilder("socat", "TCP-LISTEN:" + sidecarPort + ",bind=127.0.0.1,reuseaddr,fork",
                "UNIX-CONNECT:" + docker.host().substring("unix://".length())).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!FreePort.isListening(sidecarPort) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        // not under /tmp: the containers get an empty /tmp, as in a pod, which would hide a project cloned there
        Path target = Path.of("target").toAbsolutePath();
        root = target.startsWith("/tmp") ? Files.createTempDirectory(Path.of("/var/tmp"), "registry-pull-pod-")
                : Files.createDirectories(target.resolve("pod-" + System.nanoTime()));
        Path home = Files.createDirectories(root.resolve("home/jenkins"));
        workspace = Files.createDirectories(home.resolve("agent/workspace").resolve(JOB));
        Path certs = Files.createDirectories(workspace.resolve("certs"));
        Files.writeString(certs.resolve("ca.crt"), basic.ca().caCertificatePem() + token.ca().caCertificatePem());
        classPath = copyClassPath(root.resolve("cp"));
        chown(root, AGENT_UID);
        pod = new PodContainers(root);
    }

    @AfterAll
    void stop() throws Exception {
        if (sidecar != null) {
            sidecar.destroy();
            sidecar.waitFor(10, TimeUnit.SECONDS);
        }
        for (AutoCloseable c : new AutoCloseable[] {docker, token, tokens, basic}) {
            if (c != null) {
                c.close();
            }
        }
        if (root != null) {
            BlockDirectory.deleteRecursively(root);
        }
    }

    /** The agent: a JVM as uid 1000 serving both registries from WORKSPACE@tmp. */
    private final class Agent implements AutoCloseable {
        final Process process;
        final BufferedReader out;
        final Path directory;
        final Path bin;

        Agent() throws Exception {
            this(true);
        }

        Agent(boolean tokenRegistryToo) throws Exception {
            Path java = Path.of(System.getProperty("java.home"), "bin", "java");
            Path agentHome = root.resolve("home/jenkins");
            List<String> command = List.of("setpriv", "--reuid=" + AGENT_UID, "--regid=" + AGENT_UID, "--clear-groups",
                    "--", java.toString(), "-Duser.home=" + agentHome, "-Djava.io.tmpdir=" + agentHome, "-cp",
                    classPath.toString(), HelperServerChild.class.getName(),
                    workspace.resolveSibling(JOB + "@tmp").toString(), basic.hostPort(), carol.username(),
                    tokenRegistryToo ? token.hostPort() : "", tokenRegistryToo ? dave.username() : "");
            ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
            builder.environment().put("HOME", agentHome.toString());
            process = builder.start();
            OutputStream in = process.getOutputStream();
            in.write((carol.password() + "\n" + dave.password() + "\n").getBytes(StandardCharsets.UTF_8));
            in.flush();
            out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            String ready = out.readLine();
            assertThat(ready).as("the agent JVM started").startsWith("READY ");
            String[] parts = ready.split(" ");
            directory = Path.of(parts[1]);
            bin = Path.of(parts[2]).getParent();
        }

        Map<String, String> environment() {
            Map<String, String> env = new LinkedHashMap<>();
            env.put("DOCKER_CONFIG", directory.toString());
            env.put("REGISTRY_AUTH_FILE", directory.resolve("auth/config.json").toString());
            env.put("DOCKER_HOST", "tcp://127.0.0.1:" + sidecarPort);
            env.put("HOME", "/tmp");
            return env;
        }

        void endBlock() throws IOException {
            process.getOutputStream().write("STOP\n".getBytes(StandardCharsets.US_ASCII));
            process.getOutputStream().flush();
            assertThat(out.readLine()).isEqualTo("STOPPED");
        }

        @Override
        public void close() throws Exception {
            process.destroy();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    record Result(String tool, int uid, RegistryServer registry, int exitCode, String output, String registryLog) {
        @Override
        public String toString() {
            return tool + " as uid " + uid + " against " + registry.auth() + ": exit " + exitCode + "\n" + output;
        }
    }

    private List<Result> everyTool(int uid, Map<String, String> env, String prepend, RegistryServer registry)
            throws Exception {
        String ref = registry.hostPort() + "/team/db:2";
        Map<String, String> tools = new LinkedHashMap<>();
        tools.put("skopeo", "skopeo --insecure-policy inspect --cert-dir " + workspace.resolve("certs") + " docker://" + ref);
        tools.put("docker 20.10", "docker image rm -f " + ref + " >/dev/null 2>&1; docker pull " + ref);
        tools.put("docker 28", "docker28 image rm -f " + ref + " >/dev/null 2>&1; docker28 pull " + ref);
        List<Result> results = new ArrayList<>();
        for (Map.Entry<String, String> tool : tools.entrySet()) {
            Path log = registry.rootDir().resolve("registry.log");
            long start = Files.size(log);
            PodContainers.Output out = pod.run(uid, env, prepend, tool.getValue());
            byte[] all = Files.readAllBytes(log);
            results.add(new Result(tool.getKey(), uid, registry, out.exitCode(), out.text(),
                    new String(all, (int) start, all.length - (int) start, StandardCharsets.UTF_8)));
        }
        return results;
    }

    private void insideAndAfter(int uid) throws Exception {
        try (Agent agent = new Agent()) {
            assertThat(agent.directory.getParent()).isEqualTo(workspace.resolveSibling(JOB + "@tmp"));
            Map<String, String> env = agent.environment();
            // the container is what it claims: no java, no bash, busybox as sh and nc, an empty /tmp
            PodContainers.Output probe = pod.run(uid, env, agent.bin.toString(), "id -u; command -v bash || echo no-bash; "
                    + "[ -e " + HelperScript.quote(System.getProperty("java.home") + "/bin/java") + " ] || echo no-java; "
                    + "ls -A /tmp | wc -l; nc --help 2>&1 | head -1");
            assertThat(probe.text()).as(probe.text()).startsWith(uid + "\n").contains("no-bash", "no-java", "\n0\n", "BusyBox");
            for (RegistryServer registry : List.of(basic, token)) {
                for (Result r : everyTool(uid, env, agent.bin.toString(), registry)) {
                    assertThat(r.exitCode()).as(r.toString()).isZero();
                    assertThat(r.registryLog()).as(r.toString()).contains("\" 200 ");
                    System.out.printf("pod: %s in a busybox container as uid %d, agent uid %d: authenticated against %s%n",
                            r.tool(), uid, AGENT_UID, registry.auth());
                }
            }
            SecretScan scan = SecretScanner.builder().basic("carol", carol.username(), carol.password())
                    .basic("dave", dave.username(), dave.password()).build().newScan().tree(workspace.getParent());
            assertThat(scan.hits()).as("secrets in the shared volume during the block").isEmpty();

            agent.endBlock();

            assertThat(agent.directory).doesNotExist();
            for (RegistryServer registry : List.of(basic, token)) {
                for (Result r : everyTool(uid, env, agent.bin.toString(), registry)) {
                    assertThat(r.exitCode()).as(r.toString()).isNotZero();
                    assertThat(r.registryLog()).as(r.toString()).doesNotContain("\" 200 ");
                    System.out.printf("pod: %s as uid %d after the block against %s: exit %d: %s%n", r.tool(), uid,
                            registry.auth(), r.exitCode(), r.output().strip().lines().reduce((a, b) -> b).orElse(""));
                }
            }
        }
    }

    @Test
    void testContainerAsRoot_everyToolAuthenticates_failsAfterTheBlock() throws Exception {
        insideAndAfter(0);
    }

    @Test
    void testContainerAsAgentUid_everyToolAuthenticates_failsAfterTheBlock() throws Exception {
        insideAndAfter(AGENT_UID);
    }

    @Test
    void testContainerAsAnotherUid_clearError_noCredentials() throws Exception {
        try (Agent agent = new Agent()) {
            PodContainers.Output out = pod.run(2000, agent.environment(), agent.bin.toString(),
                    "docker-credential-registrypull get <<EOF\n" + basic.hostPort() + "\nEOF\n");
            System.out.printf("pod: helper as uid 2000 (agent uid %d): exit %d: %s%n", AGENT_UID, out.exitCode(),
                    out.text().strip());
            assertThat(out.exitCode()).isNotZero();
            assertThat(out.text()).doesNotContain(carol.password());
        }
    }

    /**
     * A login inside the block never leaves a password in the shared volume: {@code docker login} (to a registry the
     * block serves or any other) is refused by the block's helper, with its message on the terminal; skopeo login
     * (containers/image, as podman and buildah) to another registry fails for the agent's uid, whose auth file's
     * directory is read-only; root can write it (as root can anything): that file is deleted when the block ends.
     */
    @Test
    void testLoginInsideTheBlock_dockerRefused_containersToolsReadOnlyButForRoot() throws Exception {
        try (Agent agent = new Agent(false)) {
            Map<String, String> env = agent.environment();
            String bin = agent.bin.toString();
            for (String docker : List.of("docker", "docker28")) {
                for (RegistryServer registry : List.of(basic, token)) {
                    TestUser user = registry == basic ? carol : dave;
                    PodContainers.Output login = pod.run(AGENT_UID, env, bin, docker + " login -u " + user.username()
                            + " --password-stdin " + registry.hostPort(), user.password());
                    System.out.printf("pod: %s login %s inside the block: exit %d: %s%n", docker,
                            registry == basic ? "to a served registry" : "to another registry", login.exitCode(),
                            login.text().strip().replace('\n', ' '));
                    assertThat(login.exitCode()).as(login.text()).isNotZero();
                    assertThat(login.text()).contains("read-only");
                }
            }
            String skopeoLogin = "skopeo login --cert-dir " + workspace.resolve("certs") + " -u " + dave.username()
                    + " --password-stdin " + token.hostPort();
            PodContainers.Output asAgent = pod.run(AGENT_UID, env, bin, skopeoLogin, dave.password());
            System.out.printf("pod: skopeo login to another registry as the agent's uid: exit %d: %s%n",
                    asAgent.exitCode(), asAgent.text().strip());
            assertThat(asAgent.exitCode()).isNotZero();
            assertThat(asAgent.text()).contains("permission denied");
            SecretScanner scanner = SecretScanner.builder().basic("carol", carol.username(), carol.password())
                    .basic("dave", dave.username(), dave.password()).build();
            assertThat(scanner.newScan().tree(workspace.getParent()).hits()).isEmpty();

            PodContainers.Output asRoot = pod.run(0, env, bin, skopeoLogin, dave.password());
            System.out.printf("pod: skopeo login to another registry as root: exit %d: %s%n", asRoot.exitCode(),
                    asRoot.text().strip());
            assertThat(asRoot.exitCode()).as("root writes any file: documented in docs/security.md").isZero();
            assertThat(scanner.newScan().tree(workspace.getParent()).hits()).as("root's login is in the auth file")
                    .isNotEmpty();

            agent.endBlock();

            assertThat(agent.directory).doesNotExist();
            assertThat(scanner.newScan().tree(workspace.getParent()).hits()).as("deleted with the block").isEmpty();
        }
    }

    /** The JVM's class path copied where uid 1000 can read it (the local Maven repository is root's). */
    private static Path copyClassPath(Path dir) throws IOException {
        Files.createDirectories(dir);
        List<String> entries = new ArrayList<>();
        int n = 0;
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path source = Path.of(entry);
            if (!Files.exists(source)) {
                continue;
            }
            Path target = dir.resolve(n++ + "-" + source.getFileName());
            if (Files.isDirectory(source)) {
                try (var walk = Files.walk(source)) {
                    for (Path p : walk.toList()) {
                        Path t = target.resolve(source.relativize(p).toString());
                        if (Files.isDirectory(p)) {
                            Files.createDirectories(t);
                        } else {
                            Files.copy(p, t);
                        }
                    }
                }
            } else {
                Files.copy(source, target);
            }
            entries.add(target.toString());
        }
        return Path.of(String.join(File.pathSeparator, entries));
    }

    private static void chown(Path dir, int uid) throws Exception {
        Process p = new ProcessBuilder("chown", "-R", uid + ":" + uid, dir.toString()).inheritIO().start();
        assertThat(p.waitFor()).isZero();
        // the parents must be traversable by uid 1000
        Process q = new ProcessBuilder("chmod", "-R", "a+rX", dir.toString()).inheritIO().start();
        assertThat(q.waitFor()).isZero();
    }
}
