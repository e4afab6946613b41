package io.jenkins.registrypull.credhelper;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.registrypull.credential.Credential;
import io.jenkins.registrypull.credential.SecretValue;
import io.jenkins.registrypull.testkit.DockerDaemon;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent user's own docker setup survives the block, with the real docker 20.10 and 28 clients: a CLI plugin in
 * {@code ~/.docker/cli-plugins}, a context that is the current one, proxies (in a created container's environment,
 * against a real dockerd) and a credential helper for another
 * registry all still apply inside the block; the user's {@code auths} secret does not reach the block's files; and
 * podman/skopeo (REGISTRY_AUTH_FILE) and kaniko (DOCKER_CONFIG/config.json) find the block's helper.
 */
class UserDockerSetupTest {
    private static final String DOCKER_20 = "/usr/bin/docker";
    private static final String DOCKER_28 = "/usr/local/bin/docker";
    private static final String USER_SECRET = "dXNlcjp1c2Vycy1vd24tc2VjcmV0LTQyNDI=";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;
    private Path home;
    private CredentialHelperServer server;

    @BeforeEach
    void userSetup() throws Exception {
        home = Files.createDirectories(tmp.resolve("home"));
        Path dockerDir = Files.createDirectories(home.resolve(".docker"));
        Path plugins = Files.createDirectories(dockerDir.resolve("cli-plugins"));
        Path plugin = Files.writeString(plugins.resolve("docker-foo"), """
                #!/bin/sh
                if [ "$1" = docker-cli-plugin-metadata ]; then
                  echo '{"SchemaVersion":"0.1.0","Vendor":"Test","Version":"1.0","ShortDescription":"a fake plugin"}'
                  exit 0
                fi
                echo "foo plugin ran: $*"
                """);
        Files.setPosixFilePermissions(plugin, PosixFilePermissions.fromString("rwxr-xr-x"));
        CommandRun created = CommandRun.run(List.of(DOCKER_20, "--config", dockerDir.toString(), "context", "create",
                "remote", "--docker", "host=tcp://127.0.0.1:2999"), Map.of("HOME", home.toString(), "PATH", "/usr/bin:/bin"));
        assertThat(created.exitCode()).as(created.output()).isZero();
        Files.writeString(dockerDir.resolve("config.json"), """
                {
                  "auths": {"other.example.com": {"auth": "%s"}},
                  "credsStore": "desktop",
                  "credHelpers": {"helped.example.com": "fake"},
                  "currentContext": "remote",
                  "proxies": {"default": {"httpProxy": "http://proxy.example.com:3128", "httpsProxy": "http://proxy.example.com:3128",
                    "noProxy": "localhost,127.0.0.1", "ftpProxy": "http://proxy.example.com:3128", "allProxy": "socks5://proxy.example.com:1080"}}
                }
                """.formatted(USER_SECRET));
        server = CredentialHelperServer.start(List.of(new ServedCredential("reg.example.com",
                        Credential.usernamePassword("alice", SecretValue.ofString("pw-" + System.nanoTime())))),
                new CredentialHelperServer.Options().parentDirectory(tmp.resolve("ws@tmp")).userDockerConfig(dockerDir));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private Map<String, String> blockEnvironment() {
        return Map.of("HOME", home.toString(), "DOCKER_CONFIG", server.directory().toString(),
                "REGISTRY_AUTH_FILE", server.authFile().toString(), "PATH", server.binDirectory() + ":/usr/bin:/bin");
    }

    @Test
    void testPluginAndCurrentContext_bothClients() throws Exception {
        for (String docker : List.of(DOCKER_20, DOCKER_28)) {
            CommandRun foo = CommandRun.run(List.of(docker, "foo", "bar"), blockEnvironment());
            assertThat(foo.exitCode()).as(docker + ": " + foo.output()).isZero();
            assertThat(foo.output()).as(docker).contains("foo plugin ran: foo bar");

            CommandRun contexts = CommandRun.run(List.of(docker, "context", "ls", "--format", "{{.Name}} {{.Current}}"),
                    blockEnvironment());
            assertThat(contexts.output()).as(docker).contains("remote true");
            CommandRun inspect = CommandRun.run(List.of(docker, "context", "inspect"), blockEnvironment());
            assertThat(inspect.output()).as(docker + ": the current context's endpoint").contains("tcp://127.0.0.1:2999");
            System.out.printf("user setup: %s inside the block: plugin docker-foo runs, current context 'remote'%n",
                    docker);
        }
    }

    /** docker puts the config's proxies into a container's environment: count them outside and inside the block. */
    @Test
    void testProxies_reachContainersInsideTheBlock_bothClients() throws Exception {
        try (DockerDaemon daemon = DockerDaemon.start()) {
            Map<String, String> outside = Map.of("HOME", home.toString(), "PATH", "/usr/bin:/bin",
                    "DOCKER_HOST", daemon.host());
            Map<String, String> inside = new java.util.HashMap<>(blockEnvironment());
            inside.put("DOCKER_HOST", daemon.host());
            CommandRun imported = CommandRun.run(List.of("/bin/sh", "-c", "tar cf - --files-from /dev/null | "
                    + DOCKER_20 + " import - proxytest:1"), outside);
            assertThat(imported.exitCode()).as(imported.output()).isZero();
            for (String docker : List.of(DOCKER_20, DOCKER_28)) {
                long before = proxyVariables(docker, outside);
                long during = proxyVariables(docker, inside);
                System.out.printf("user setup: %s: proxy variables in a created container: %d outside the block, %d "
                        + "inside%n", docker, before, during);
                assertThat(before).as(docker + ": HTTP, HTTPS, NO proxy at least, upper and lower case").isGreaterThanOrEqualTo(6);
                assertThat(during).as(docker).isEqualTo(before);
            }
        }
    }

    private static long proxyVariables(String docker, Map<String, String> env) throws Exception {
        CommandRun created = CommandRun.run(List.of(docker, "create", "proxytest:1", "/none"), env);
        assertThat(created.exitCode()).as(created.output()).isZero();
        String id = created.output().strip().lines().reduce((a, b) -> b).orElseThrow();
        CommandRun inspect = CommandRun.run(List.of(docker, "inspect", "--format", "{{json .Config.Env}}", id), env);
        CommandRun.run(List.of(docker, "rm", id), env);
        JsonNode vars = JSON.readTree(inspect.output());
        long n = 0;
        for (JsonNode v : vars) {
            if (v.asText().toLowerCase(java.util.Locale.ROOT).contains("proxy")) {
                n++;
            }
        }
        return n;
    }

    @Test
    void testConfig_proxiesAndOtherHelpersKept_userSecretNeverCopied() throws Exception {
        JsonNode config = JSON.readTree(server.configFile().toFile());
        assertThat(config.get("proxies").get("default").size()).isEqualTo(5);
        assertThat(config.get("credHelpers").get("helped.example.com").asText()).isEqualTo("fake");
        assertThat(config.get("credHelpers").get("reg.example.com").asText()).isEqualTo("registrypull");
        try (var walk = Files.walk(server.directory())) {
            for (Path f : walk.filter(p -> Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)).toList()) {
                assertThat(Files.readString(f, java.nio.charset.StandardCharsets.ISO_8859_1)).as(f.toString())
                        .doesNotContain(USER_SECRET).doesNotContain("desktop");
            }
        }
        // kaniko reads DOCKER_CONFIG/config.json and runs credHelpers' docker-credential-NAME from PATH
        assertThat(server.binDirectory().resolve("docker-credential-registrypull")).isExecutable();
    }

    @Test
    void testContainersTools_findTheHelperThroughRegistryAuthFile() throws Exception {
        // podman/skopeo/buildah resolve credentials from REGISTRY_AUTH_FILE: the block's registry through the helper
        CommandRun skopeo = CommandRun.run(List.of("/usr/bin/skopeo", "login", "--get-login", "reg.example.com"),
                blockEnvironment());
        assertThat(skopeo.output().strip()).as(skopeo.output()).isEqualTo("alice");
        CommandRun podman = CommandRun.run(List.of("/usr/bin/podman", "login", "--get-login", "reg.example.com"),
                blockEnvironment());
        assertThat(podman.output().strip()).as(podman.output()).endsWith("alice");
        CommandRun other = CommandRun.run(List.of("/usr/bin/skopeo", "login", "--get-login", "other.example.com"),
                blockEnvironment());
        assertThat(other.exitCode()).as("the user's auths are not inside the block").isNotZero();
        System.out.printf("user setup: skopeo/podman login --get-login through REGISTRY_AUTH_FILE: %s / %s%n",
                skopeo.output().strip(), podman.output().strip().lines().reduce((a, b) -> b).orElse(""));
    }

    /** A command's exit code and output (stdout and stderr together). */
    record CommandRun(int exitCode, String output) {
        static CommandRun run(List<String> command, Map<String, String> env) throws Exception {
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
            pb.environment().clear();
            pb.environment().putAll(env);
            Process p = pb.start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            if (!p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("hung: " + command);
            }
            return new CommandRun(p.exitValue(), out);
        }
    }
}
