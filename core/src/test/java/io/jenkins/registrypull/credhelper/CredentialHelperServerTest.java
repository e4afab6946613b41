package io.jenkins.registrypull.credhelper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.registrypull.api.Credential;
import io.jenkins.registrypull.api.SecretValue;
import io.jenkins.registrypull.testing.ChildJvm;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The credential helper end to end on this machine: the server in this JVM, the helper script run as docker runs it
 * (action as argument, server URL on stdin without a newline), through each path: socat, nc -U, the java client.
 */
class CredentialHelperServerTest {
    /** Quote, backslash, slash, plus, percent, colon, non-ASCII: every escaping the answer and leaks can involve. */
    static final String PASSWORD = "pa\"ss\\wo/rd+%:é-" + Long.toHexString(System.nanoTime());
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;
    private final List<CredentialHelperServer> servers = new ArrayList<>();

    @AfterEach
    void stopServers() {
        servers.forEach(CredentialHelperServer::close);
    }

    private CredentialHelperServer start(CredentialHelperServer.Options options, ServedCredential... served)
            throws Exception {
        CredentialHelperServer server = CredentialHelperServer.start(List.of(served), options.parentDirectory(tmp));
        servers.add(server);
        return server;
    }

    private static ServedCredential alice(String registry) {
        return new ServedCredential(registry, Credential.usernamePassword("alice", SecretValue.ofString(PASSWORD)));
    }

    private static Path helper(CredentialHelperServer server) {
        return server.binDirectory().resolve(HelperScript.FILE_NAME);
    }

    private CredentialHelperServer javaOnly(ServedCredential... served) throws Exception {
        CredentialHelperServer server = start(new CredentialHelperServer.Options().fastPath(false), served);
        assertThat(server.fastPath()).isEqualTo(HelperScript.FastPath.NONE);
        return server;
    }

    @Test
    void testStart_privateDirectory_configHoldsOnlyCredHelpers() throws Exception {
        CredentialHelperServer server = javaOnly(alice("127.0.0.1:5000"), alice("docker.io"));

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(server.directory()))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(helper(server)))).isEqualTo("rwx------");
        JsonNode config = JSON.readTree(server.configFile().toFile());
        assertThat(config.size()).isEqualTo(1);
        assertThat(iterate(config.get("credHelpers").fieldNames()))
                .containsExactly("127.0.0.1:5000", "https://index.docker.io/v1/", "docker.io", "index.docker.io",
                        "registry-1.docker.io");
        config.get("credHelpers").forEach(v -> assertThat(v.asText()).isEqualTo("registrypull"));
        assertThat(server.environment()).containsOnly(
                Map.entry("DOCKER_CONFIG", server.directory().toString()),
                Map.entry("REGISTRY_AUTH_FILE", server.configFile().toString()));
        try (var walk = Files.walk(server.directory())) {
            for (Path file : walk.filter(Files::isRegularFile).toList()) {
                assertThat(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1)).as(file.toString())
                        .doesNotContain(PASSWORD).doesNotContain("alice");
            }
        }
    }

    private static <T> java.util.List<T> iterate(java.util.Iterator<T> it) {
        List<T> list = new ArrayList<>();
        it.forEachRemaining(list::add);
        return list;
    }

    @Test
    void testGet_javaClient_answersDockerCredentialJson() throws Exception {
        CredentialHelperServer server = javaOnly(alice("127.0.0.1:5000"));

        HelperRun run = HelperRun.run(helper(server), "get", "127.0.0.1:5000");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        JsonNode answer = JSON.readTree(run.stdout());
        assertThat(answer.get("ServerURL").asText()).isEqualTo("127.0.0.1:5000");
        assertThat(answer.get("Username").asText()).isEqualTo("alice");
        assertThat(answer.get("Secret").asText()).isEqualTo(PASSWORD);
        assertThat(server.answered()).isEqualTo(1);
    }

    @Test
    void testGet_socat_answersTheSame() throws Exception {
        assertThat(HelperScript.find("socat")).as("socat (scripts/install-test-deps.sh installs it)").isNotEmpty();
        CredentialHelperServer server = start(new CredentialHelperServer.Options()
                .fastPathTools(List.of(HelperScript.FastPath.SOCAT)), alice("reg.example.com"));
        assertThat(server.fastPath()).isEqualTo(HelperScript.FastPath.SOCAT);

        assertAnswers(helper(server), "reg.example.com");
        assertAnswers(helper(server), "https://reg.example.com/v2/");
    }

    @Test
    void testGet_ncUnix_answersTheSame() throws Exception {
        assertThat(HelperScript.find("nc")).as("nc (netcat-openbsd, scripts/install-test-deps.sh installs it)").isNotEmpty();
        CredentialHelperServer server = start(new CredentialHelperServer.Options()
                .fastPathTools(List.of(HelperScript.FastPath.NC)), alice("reg.example.com"));
        assertThat(server.fastPath()).as("netcat-openbsd speaks -U").isEqualTo(HelperScript.FastPath.NC);

        assertAnswers(helper(server), "reg.example.com");
        HelperRun unknown = HelperRun.run(helper(server), "get", "other.example.com");
        assertThat(unknown.exitCode()).isEqualTo(1);
        assertThat(unknown.stdout().strip()).isEqualTo(HelperProtocol.NOT_FOUND);
    }

    private static void assertAnswers(Path helper, String serverUrl) throws Exception {
        HelperRun run = HelperRun.run(helper, "get", serverUrl);
        assertThat(run.exitCode()).as(run.toString()).isZero();
        JsonNode answer = JSON.readTree(run.stdout());
        assertThat(answer.get("ServerURL").asText()).isEqualTo(serverUrl);
        assertThat(answer.get("Secret").asText()).isEqualTo(PASSWORD);
    }

    @Test
    void testGet_dockerHub_everyFormClientsUse() throws Exception {
        CredentialHelperServer server = javaOnly(alice("docker.io"));

        for (String url : List.of("https://index.docker.io/v1/", "docker.io", "index.docker.io", "registry-1.docker.io")) {
            assertAnswers(helper(server), url);
        }
    }

    @Test
    void testGet_identityToken_answersTokenUsername() throws Exception {
        CredentialHelperServer server = javaOnly(new ServedCredential("127.0.0.1:5000",
                Credential.identityToken(SecretValue.ofString("refresh-" + PASSWORD))));

        HelperRun run = HelperRun.run(helper(server), "get", "127.0.0.1:5000");

        JsonNode answer = JSON.readTree(run.stdout());
        assertThat(answer.get("Username").asText()).isEqualTo("<token>");
        assertThat(answer.get("Secret").asText()).isEqualTo("refresh-" + PASSWORD);
    }

    @Test
    void testGet_unconfiguredRegistry_notFoundSoClientsGoOnAnonymously() throws Exception {
        CredentialHelperServer server = javaOnly(alice("127.0.0.1:5000"));

        for (String url : List.of("127.0.0.1:5001", "evil.example.com", "https://index.docker.io/v1/", "not a host")) {
            HelperRun run = HelperRun.run(helper(server), "get", url);
            assertThat(run.exitCode()).as(url).isEqualTo(1);
            assertThat(run.stdout().strip()).as(url).isEqualTo(HelperProtocol.NOT_FOUND);
        }
        HelperRun empty = HelperRun.run(helper(server), "get", "");
        assertThat(empty.exitCode()).isEqualTo(1);
        assertThat(empty.stdout().strip()).isEqualTo(HelperProtocol.MISSING_SERVER_URL);
        assertThat(server.answered()).isZero();
    }

    @Test
    void testListStoreErase_listEmpty_storeAndEraseRefused() throws Exception {
        CredentialHelperServer server = javaOnly(alice("127.0.0.1:5000"));

        HelperRun list = HelperRun.run(helper(server), "list", "unused");
        assertThat(list.exitCode()).isZero();
        assertThat(list.stdout().strip()).isEqualTo("{}");
        String stored = "{\"ServerURL\":\"127.0.0.1:5000\",\"Username\":\"x\",\"Secret\":\"s3cr3t-to-store\"}";
        for (String action : List.of("store", "erase")) {
            HelperRun run = HelperRun.run(helper(server), action, action.equals("store") ? stored : "127.0.0.1:5000");
            assertThat(run.exitCode()).as(action).isEqualTo(1);
            assertThat(run.stdout()).as(action).contains("read-only").doesNotContain("s3cr3t-to-store");
        }
        assertThat(HelperRun.run(helper(server), "bogus", "").exitCode()).isEqualTo(1);
        assertThat(HelperRun.run(helper(server), "get", "127.0.0.1:5000").exitCode()).isZero();
    }

    @Test
    void testPeerCheck_anotherUser_refused() throws Exception {
        assertThat(System.getProperty("user.name")).as("the test suite runs as root (scripts/test.sh), to run a client as nobody").isEqualTo("root");
        Path setpriv = HelperScript.find("setpriv").stream().findFirst().orElse(null);
        assertThat(setpriv).as("setpriv (util-linux)").isNotNull();
        CredentialHelperServer server = javaOnly(alice("127.0.0.1:5000"));
        // Open the way on purpose (a careless chmod): the peer check must still refuse.
        Path clientDir = Files.createDirectories(tmp.resolve("public-client"));
        Path classFile = clientDir.resolve("io/jenkins/registrypull/credhelper/HelperClient.class");
        Files.createDirectories(classFile.getParent());
        Files.copy(server.directory().resolve("client").resolve("io/jenkins/registrypull/credhelper/HelperClient.class"),
                classFile);
        for (Path p : List.of(tmp, server.directory())) {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        try (var walk = Files.walk(clientDir)) {
            for (Path p : walk.toList()) {
                Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(Files.isDirectory(p) ? "rwxr-xr-x" : "rw-r--r--"));
            }
        }
        Files.setPosixFilePermissions(server.socket(), PosixFilePermissions.fromString("rw-rw-rw-"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();

        HelperRun asNobody = HelperRun.run(List.of(setpriv.toString(), "--reuid=65534", "--regid=65534",
                "--clear-groups", "--", java, "-cp", clientDir.toString(), HelperClient.class.getName(),
                server.socket().toString(), "get", "127.0.0.1:5000"), "", Map.of());

        assertThat(asNobody.exitCode()).as(asNobody.toString()).isEqualTo(1);
        assertThat(asNobody.stdout()).contains("refused").doesNotContain(PASSWORD);
        assertThat(server.refusedPeers()).isEqualTo(1);
        assertThat(server.answered()).isZero();
        assertAnswers(helper(server), "127.0.0.1:5000");
    }

    @Test
    void testConcurrentGets_40Processes_allCorrect_fastPath() throws Exception {
        concurrentGets(new CredentialHelperServer.Options());
    }

    @Test
    void testConcurrentGets_40Processes_allCorrect_javaClient() throws Exception {
        concurrentGets(new CredentialHelperServer.Options().fastPath(false));
    }

    private void concurrentGets(CredentialHelperServer.Options options) throws Exception {
        CredentialHelperServer server = start(options, alice("127.0.0.1:5000"),
                new ServedCredential("127.0.0.1:6000", Credential.usernamePassword("bob", SecretValue.ofString("b0b-" + PASSWORD))));
        ExecutorService pool = Executors.newFixedThreadPool(40);
        try {
            List<Callable<HelperRun>> calls = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                String url = i % 2 == 0 ? "127.0.0.1:5000" : "127.0.0.1:6000";
                calls.add(() -> HelperRun.run(helper(server), "get", url));
            }
            long started = System.nanoTime();
            List<Future<HelperRun>> results = pool.invokeAll(calls);
            long millis = (System.nanoTime() - started) / 1_000_000;
            for (int i = 0; i < 40; i++) {
                HelperRun run = results.get(i).get();
                assertThat(run.exitCode()).as(run.toString()).isZero();
                JsonNode answer = JSON.readTree(run.stdout());
                assertThat(answer.get("Username").asText()).isEqualTo(i % 2 == 0 ? "alice" : "bob");
                assertThat(answer.get("Secret").asText()).isEqualTo(i % 2 == 0 ? PASSWORD : "b0b-" + PASSWORD);
            }
            assertThat(server.answered()).isEqualTo(40);
            System.out.printf("credhelper: 40 concurrent gets (%s path) took %d ms%n", server.fastPath(), millis);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void testClose_wipesDeletesAndHelperFailsFast() throws Exception {
        Credential credential = Credential.usernamePassword("alice", SecretValue.ofString(PASSWORD));
        CredentialHelperServer server = javaOnly(new ServedCredential("127.0.0.1:5000", credential));
        Path helper = helper(server);
        Path copy = Files.copy(helper, tmp.resolve("helper-copy"));

        server.close();
        server.close();

        assertThat(credential.isWiped()).isTrue();
        assertThat(server.directory()).doesNotExist();
        HelperRun run = HelperRun.run(copy, "get", "127.0.0.1:5000");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stdout()).contains("only available inside the withRegistryAuth block");
    }

    @Test
    void testOwnerKilled_helperFailsFastWithMessage() throws Exception {
        for (boolean fastPath : List.of(true, false)) {
            try (ChildJvm child = ChildJvm.start(HelperServerChild.class, tmp.resolve("child"), tmp.toString(),
                    "127.0.0.1:5000", "alice")) {
                child.send(PASSWORD);
                Path helper = Path.of(child.awaitLine("READY ", Duration.ofSeconds(60)).substring("READY ".length()));
                Path script = helper;
                if (!fastPath) {
                    // the same script without its fast path: the java client meets the dead socket
                    String text = Files.readString(helper).replaceAll("(?s)case \"\\$action\" in get\\) req=.*?\nans=\n", "");
                    script = Files.writeString(tmp.resolve("java-only-helper"), text);
                    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
                }
                assertThat(HelperRun.run(script, "get", "127.0.0.1:5000").exitCode()).isZero();

                child.kill();

                HelperRun run = HelperRun.run(script, "get", "127.0.0.1:5000");
                assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
                assertThat(run.stdout()).contains("only available inside the withRegistryAuth block")
                        .doesNotContain(PASSWORD);
                System.out.printf("credhelper: helper with a killed owner (%s) failed in %d ms%n",
                        fastPath ? "fast path" : "java client", run.millis());
                Files.deleteIfExists(tmp.resolve("java-only-helper"));
            }
        }
    }

    @Test
    void testRequestStop_needsTheToken() throws Exception {
        CredentialHelperServer server = javaOnly(alice("127.0.0.1:5000"));

        assertThatThrownBy(() -> CredentialHelperServer.requestStop(server.socket(), "0".repeat(64)))
                .hasMessageContaining("refused to stop");
        assertThat(server.isClosed()).isFalse();

        assertThat(CredentialHelperServer.requestStop(server.socket(), server.stopToken())).isTrue();
        assertThat(server.isClosed()).isTrue();
        assertThat(server.directory()).doesNotExist();
        assertThat(CredentialHelperServer.requestStop(server.socket(), server.stopToken())).isFalse();
    }

    @Test
    void testStart_badInput_wipesWhatItWasGiven() {
        Credential c = Credential.usernamePassword("a", SecretValue.ofString("x"));
        Credential d = Credential.usernamePassword("b", SecretValue.ofString("y"));
        assertThatThrownBy(() -> CredentialHelperServer.start(List.of(new ServedCredential("r.io", c),
                new ServedCredential("r.io", d)), new CredentialHelperServer.Options().parentDirectory(tmp)))
                .hasMessageContaining("twice");
        assertThat(c.isWiped()).isTrue();
        assertThat(d.isWiped()).isTrue();
        assertThatThrownBy(() -> new ServedCredential("r.io", Credential.anonymous()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** Not an assertion on time: prints the median latency of one {@code get} per path, for the docs. */
    @Test
    void testLatency_printedPerPath() throws Exception {
        List<CredentialHelperServer.Options> variants = new ArrayList<>();
        variants.add(new CredentialHelperServer.Options().fastPath(false));
        variants.add(new CredentialHelperServer.Options().fastPathTools(List.of(HelperScript.FastPath.SOCAT)));
        variants.add(new CredentialHelperServer.Options().fastPathTools(List.of(HelperScript.FastPath.NC)));
        for (CredentialHelperServer.Options options : variants) {
            CredentialHelperServer server = start(options, alice("127.0.0.1:5000"));
            List<Long> times = new ArrayList<>();
            for (int i = 0; i < 7; i++) {
                HelperRun run = HelperRun.run(helper(server), "get", "127.0.0.1:5000");
                assertThat(run.exitCode()).isZero();
                times.add(run.millis());
            }
            Collections.sort(times);
            System.out.printf("credhelper: get via %s: median %d ms (min %d, max %d)%n", server.fastPath(),
                    times.get(3), times.get(0), times.get(6));
            server.close();
        }
    }
}
