package io.jenkins.registrypull.credhelper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.registrypull.credential.Credential;
import io.jenkins.registrypull.credential.SecretValue;
import io.jenkins.registrypull.testing.ChildJvm;
import io.jenkins.registrypull.testing.FakeMinter;
import io.jenkins.registrypull.testing.MutableClock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
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
 * (action as argument, server URL on stdin without a newline), through each way it reaches the server: OpenBSD
 * {@code nc}, busybox {@code nc}, bash's {@code /dev/tcp}, the java client ({@link ToolPaths} gives each a PATH with
 * only that tool).
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

    private CredentialHelperServer start(ServedCredential... served) throws Exception {
        CredentialHelperServer server = CredentialHelperServer.start(List.of(served),
                new CredentialHelperServer.Options().parentDirectory(tmp.resolve("ws@tmp")).userDockerConfig(null));
        servers.add(server);
        return server;
    }

    private HelperRun run(CredentialHelperServer server, ToolPaths.Way way, String action, String stdin)
            throws Exception {
        return HelperRun.run(List.of(helper(server).toString(), action), stdin, Map.of("PATH", ToolPaths.path(tmp, way)));
    }

    private static ServedCredential alice(String registry) {
        return new ServedCredential(registry, Credential.usernamePassword("alice", SecretValue.ofString(PASSWORD)));
    }

    private static Path helper(CredentialHelperServer server) {
        return server.binDirectory().resolve(HelperScript.FILE_NAME);
    }

    private CredentialHelperServer javaOnly(ServedCredential... served) throws Exception {
        return start(served);
    }

    @Test
    void testStart_privateDirectory_configHoldsOnlyCredHelpers() throws Exception {
        CredentialHelperServer server = javaOnly(alice("127.0.0.1:5000"), alice("docker.io"));

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(server.directory()))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(helper(server)))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(server.keyFile()))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(server.authFile().getParent())))
                .as("logins cannot write REGISTRY_AUTH_FILE").isEqualTo("r-x------");
        assertThat(Files.readString(server.authFile())).isEqualTo(Files.readString(server.configFile()));
        JsonNode config = JSON.readTree(server.configFile().toFile());
        assertThat(iterate(config.fieldNames())).containsExactlyInAnyOrder("credHelpers", "credsStore");
        assertThat(config.get("credsStore").asText()).isEqualTo("registrypull");
        assertThat(iterate(config.get("credHelpers").fieldNames()))
                .containsExactly("127.0.0.1:5000", "https://index.docker.io/v1/", "docker.io", "index.docker.io",
                        "registry-1.docker.io");
        config.get("credHelpers").forEach(v -> assertThat(v.asText()).isEqualTo("registrypull"));
        assertThat(server.environment()).containsOnly(
                Map.entry("DOCKER_CONFIG", server.directory().toString()),
                Map.entry("REGISTRY_AUTH_FILE", server.authFile().toString()));
        assertThat(server.directory().getParent()).isEqualTo(tmp.resolve("ws@tmp"));
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

        HelperRun run = run(server, ToolPaths.Way.JAVA, "get", "127.0.0.1:5000");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        JsonNode answer = JSON.readTree(run.stdout());
        assertThat(answer.get("ServerURL").asText()).isEqualTo("127.0.0.1:5000");
        assertThat(answer.get("Username").asText()).isEqualTo("alice");
        assertThat(answer.get("Secret").asText()).isEqualTo(PASSWORD);
        assertThat(server.answered()).isEqualTo(1);
    }

    @Test
    void testGet_mintedCredential_afterExpiryServesTheRenewedOne() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
        FakeMinter minter = new FakeMinter(clock, Duration.ofHours(12), "AWS", n -> "minted-secret-" + n);
        CredentialHelperServer server = javaOnly(new ServedCredential("127.0.0.1:5000",
                Credential.renewing(minter, clock)));

        HelperRun first = run(server, ToolPaths.Way.JAVA, "get", "127.0.0.1:5000");
        clock.advance(Duration.ofHours(12));
        HelperRun second = run(server, ToolPaths.Way.JAVA, "get", "127.0.0.1:5000");

        assertThat(JSON.readTree(first.stdout()).get("Secret").asText()).as(first.toString())
                .isEqualTo("minted-secret-1");
        assertThat(JSON.readTree(second.stdout()).get("Username").asText()).isEqualTo("AWS");
        assertThat(JSON.readTree(second.stdout()).get("Secret").asText()).isEqualTo("minted-secret-2");
        assertThat(minter.mints()).isEqualTo(2);
        server.close();
        assertThat(minter.minted()).allSatisfy(c -> assertThat(c.isWiped()).isTrue());
    }

    @Test
    void testGet_mintRefused_helperFailsWithTheIssuersMessage() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
        FakeMinter minter = new FakeMinter(clock, Duration.ofHours(12), "AWS", n -> "minted-secret-" + n);
        minter.refuse();
        CredentialHelperServer server = javaOnly(new ServedCredential("127.0.0.1:5000",
                Credential.renewing(minter, clock)));

        HelperRun run = run(server, ToolPaths.Way.JAVA, "get", "127.0.0.1:5000");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stdout() + run.stderr()).contains("could not renew the credentials for 127.0.0.1:5000")
                .contains("fake token for AWS").contains("refused the identity");
    }

    @Test
    void testGet_everyWay_answersTheSame() throws Exception {
        CredentialHelperServer server = start(alice("reg.example.com"));

        for (ToolPaths.Way way : ToolPaths.Way.values()) {
            for (String url : List.of("reg.example.com", "https://reg.example.com/v2/")) {
                HelperRun run = run(server, way, "get", url);
                assertThat(run.exitCode()).as(way + ": " + run).isZero();
                JsonNode answer = JSON.readTree(run.stdout());
                assertThat(answer.get("ServerURL").asText()).isEqualTo(url);
                assertThat(answer.get("Secret").asText()).as(way.toString()).isEqualTo(PASSWORD);
                assertThat(run.stderr()).as(way.toString()).isEmpty();
            }
            HelperRun unknown = run(server, way, "get", "other.example.com");
            assertThat(unknown.exitCode()).as(way.toString()).isEqualTo(1);
            assertThat(unknown.stdout().strip()).as(way.toString()).isEqualTo(HelperProtocol.NOT_FOUND);
            assertThat(unknown.stderr()).as("not found is no error: " + way).isEmpty();
            HelperRun store = run(server, way, "store", "{\"ServerURL\":\"x\",\"Username\":\"u\",\"Secret\":\"s3cr3t\"}");
            assertThat(store.exitCode()).as(way.toString()).isEqualTo(1);
            assertThat(store.stderr()).as("docker shows the helper's stderr: " + way).contains("read-only")
                    .doesNotContain("s3cr3t");
        }
        assertThat(server.answered()).isEqualTo(2L * ToolPaths.Way.values().length);
    }

    @Test
    void testGet_noToolAtAll_saysWhatToAdd() throws Exception {
        CredentialHelperServer server = CredentialHelperServer.start(List.of(alice("reg.example.com")),
                new CredentialHelperServer.Options().parentDirectory(tmp).userDockerConfig(null)
                        .java(tmp.resolve("no-java-here")));
        servers.add(server);

        HelperRun run = run(server, ToolPaths.Way.NOTHING, "get", "reg.example.com");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stderr()).contains("neither nc, bash nor the agent's java").contains("busybox");
    }

    private void assertAnswers(Path helper, String serverUrl) throws Exception {
        HelperRun run = HelperRun.run(List.of(helper.toString(), "get"), serverUrl,
                Map.of("PATH", ToolPaths.path(tmp, ToolPaths.Way.NC)));
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

        HelperRun run = run(server, ToolPaths.Way.NC, "get", "127.0.0.1:5000");

        JsonNode answer = JSON.readTree(run.stdout());
        assertThat(answer.get("Username").asText()).isEqualTo("<token>");
        assertThat(answer.get("Secret").asText()).isEqualTo("refresh-" + PASSWORD);
    }

    @Test
    void testGet_unconfiguredRegistry_notFoundSoClientsGoOnAnonymously() throws Exception {
        CredentialHelperServer server = javaOnly(alice("127.0.0.1:5000"));

        for (String url : List.of("127.0.0.1:5001", "evil.example.com", "https://index.docker.io/v1/", "not a host")) {
            HelperRun run = run(server, ToolPaths.Way.NC, "get", url);
            assertThat(run.exitCode()).as(url).isEqualTo(1);
            assertThat(run.stdout().strip()).as(url).isEqualTo(HelperProtocol.NOT_FOUND);
        }
        HelperRun empty = run(server, ToolPaths.Way.NC, "get", "");
        assertThat(empty.exitCode()).isEqualTo(1);
        assertThat(empty.stdout().strip()).isEqualTo(HelperProtocol.MISSING_SERVER_URL);
        assertThat(server.answered()).isZero();
    }

    @Test
    void testListStoreErase_listEmpty_storeAndEraseRefused() throws Exception {
        CredentialHelperServer server = javaOnly(alice("127.0.0.1:5000"));

        HelperRun list = run(server, ToolPaths.Way.NC, "list", "unused");
        assertThat(list.exitCode()).isZero();
        assertThat(list.stdout().strip()).isEqualTo("{}");
        String stored = "{\"ServerURL\":\"127.0.0.1:5000\",\"Username\":\"x\",\"Secret\":\"s3cr3t-to-store\"}";
        for (String action : List.of("store", "erase")) {
            HelperRun run = run(server, ToolPaths.Way.NC, action, action.equals("store") ? stored : "127.0.0.1:5000");
            assertThat(run.exitCode()).as(action).isEqualTo(1);
            assertThat(run.stdout()).as(action).contains("read-only").doesNotContain("s3cr3t-to-store");
        }
        assertThat(run(server, ToolPaths.Way.NC, "bogus", "").exitCode()).isEqualTo(1);
        assertThat(run(server, ToolPaths.Way.NC, "get", "127.0.0.1:5000").exitCode()).isZero();
    }

    @Test
    void testPeerCheck_wrongOrNoKey_refused_keyUnreadableForOtherUsers() throws Exception {
        assertThat(System.getProperty("user.name")).as("the test suite runs as root (scripts/test.sh), to run a client as nobody").isEqualTo("root");
        CredentialHelperServer server = javaOnly(alice("127.0.0.1:5000"));

        // another user of the machine reaches loopback TCP, but not the key
        HelperRun asNobody = HelperRun.run(List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--",
                "/bin/sh", "-c", "cat " + server.keyFile() + "; printf 'get 127.0.0.1:5000\\n' | nc -w 5 127.0.0.1 "
                        + server.port() + "; printf '%s\\n' '" + "0".repeat(64) + " get 127.0.0.1:5000' | nc -w 5 127.0.0.1 "
                        + server.port()), "", Map.of("PATH", "/usr/bin:/bin"));

        assertThat(asNobody.stderr()).contains("Permission denied");
        assertThat(asNobody.stdout()).contains("refused").doesNotContain(PASSWORD);
        assertThat(server.refusedPeers()).isEqualTo(2);
        assertThat(server.answered()).isZero();
        assertAnswers(helper(server), "127.0.0.1:5000");
    }

    @Test
    void testConcurrentGets_40Processes_allCorrect_busybox() throws Exception {
        concurrentGets(ToolPaths.Way.BUSYBOX_NC, 40);
    }

    @Test
    void testConcurrentGets_12Processes_allCorrect_javaClient() throws Exception {
        // each is a JVM start: 40 of them at once outrun the client's 10 s watchdog on a loaded 2-core machine
        concurrentGets(ToolPaths.Way.JAVA, 12);
    }

    private void concurrentGets(ToolPaths.Way way, int processes) throws Exception {
        CredentialHelperServer server = start(alice("127.0.0.1:5000"),
                new ServedCredential("127.0.0.1:6000", Credential.usernamePassword("bob", SecretValue.ofString("b0b-" + PASSWORD))));
        ExecutorService pool = Executors.newFixedThreadPool(processes);
        try {
            List<Callable<HelperRun>> calls = new ArrayList<>();
            for (int i = 0; i < processes; i++) {
                String url = i % 2 == 0 ? "127.0.0.1:5000" : "127.0.0.1:6000";
                calls.add(() -> run(server, way, "get", url));
            }
            long started = System.nanoTime();
            List<Future<HelperRun>> results = pool.invokeAll(calls);
            long millis = (System.nanoTime() - started) / 1_000_000;
            for (int i = 0; i < processes; i++) {
                HelperRun run = results.get(i).get();
                assertThat(run.exitCode()).as(run.toString()).isZero();
                JsonNode answer = JSON.readTree(run.stdout());
                assertThat(answer.get("Username").asText()).isEqualTo(i % 2 == 0 ? "alice" : "bob");
                assertThat(answer.get("Secret").asText()).isEqualTo(i % 2 == 0 ? PASSWORD : "b0b-" + PASSWORD);
            }
            assertThat(server.answered()).isEqualTo(processes);
            System.out.printf("credhelper: %d concurrent gets (%s) took %d ms%n", processes, way, millis);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void testClose_wipesDeletesAndHelperFailsFast() throws Exception {
        Credential credential = Credential.usernamePassword("alice", SecretValue.ofString(PASSWORD));
        CredentialHelperServer server = javaOnly(new ServedCredential("127.0.0.1:5000", credential));
        Path copy = Files.copy(helper(server), tmp.resolve("helper-copy"));

        server.close();
        server.close();

        assertThat(credential.isWiped()).isTrue();
        assertThat(server.directory()).doesNotExist();
        for (ToolPaths.Way way : List.of(ToolPaths.Way.BUSYBOX_NC, ToolPaths.Way.JAVA)) {
            HelperRun run = HelperRun.run(List.of(copy.toString(), "get"), "127.0.0.1:5000",
                    Map.of("PATH", ToolPaths.path(tmp, way)));
            assertThat(run.exitCode()).isEqualTo(1);
            assertThat(run.stdout()).contains("only available inside the withRegistryAuth block");
            assertThat(run.stderr()).as("docker users see it too").contains("only available inside the withRegistryAuth block");
        }
    }

    @Test
    void testOwnerKilled_helperFailsFastWithMessage() throws Exception {
        for (ToolPaths.Way way : List.of(ToolPaths.Way.BUSYBOX_NC, ToolPaths.Way.JAVA)) {
            try (ChildJvm child = ChildJvm.start(HelperServerChild.class, tmp.resolve("child"), tmp.toString(),
                    "127.0.0.1:5000", "alice")) {
                child.send(PASSWORD);
                Path helper = Path.of(child.awaitLine("READY ", Duration.ofSeconds(60)).split(" ")[2]);
                Map<String, String> env = Map.of("PATH", ToolPaths.path(tmp, way));
                assertThat(HelperRun.run(List.of(helper.toString(), "get"), "127.0.0.1:5000", env).exitCode()).isZero();

                child.kill();

                HelperRun run = HelperRun.run(List.of(helper.toString(), "get"), "127.0.0.1:5000", env);
                assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
                assertThat(run.stdout()).contains("only available inside the withRegistryAuth block")
                        .doesNotContain(PASSWORD);
                System.out.printf("credhelper: helper with a killed owner (%s) failed in %d ms%n", way, run.millis());
            }
        }
    }

    @Test
    void testRequestStop_needsTheToken() throws Exception {
        CredentialHelperServer server = javaOnly(alice("127.0.0.1:5000"));

        assertThat(HelperStopClient.requestStop(server.port(), "0".repeat(64))).isFalse();
        assertThat(server.isClosed()).isFalse();
        assertThat(server.refusedPeers()).isEqualTo(1);

        assertThat(HelperStopClient.stopAndRemove(server.port(), server.stopToken(), server.directory())).isTrue();
        assertThat(server.isClosed()).isTrue();
        assertThat(server.directory()).doesNotExist();
        assertThat(HelperStopClient.requestStop(server.port(), server.stopToken())).isFalse();
    }

    /**
     * The server deletes its directory right after answering the stop, so the client's own clean-up can find it gone
     * at any step; it failed the build's tear-down with NoSuchFileException when that happened between its checks
     * (seen once in CI). Gone is fine.
     */
    @Test
    void testStopAndRemove_directoryGoneBeforeTheClientLooks_isNoError() throws Exception {
        CredentialHelperServer server = javaOnly(alice("127.0.0.1:5000"));
        Path directory = server.directory();
        assertThat(HelperStopClient.isOurDirectory(directory)).isTrue();

        assertThat(HelperStopClient.requestStop(server.port(), server.stopToken())).isTrue();
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (Files.exists(directory) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(directory).as("the server removed its directory after the stop").doesNotExist();

        assertThat(HelperStopClient.isOurDirectory(directory)).isFalse();
        assertThat(HelperStopClient.stopAndRemove(server.port(), server.stopToken(), directory)).isFalse();
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

    /** Not an assertion on time: prints the median latency of one {@code get} per way, for the docs. */
    @Test
    void testLatency_printedPerWay() throws Exception {
        CredentialHelperServer server = start(alice("127.0.0.1:5000"));
        for (ToolPaths.Way way : List.of(ToolPaths.Way.NC, ToolPaths.Way.BUSYBOX_NC, ToolPaths.Way.BASH,
                ToolPaths.Way.JAVA)) {
            List<Long> times = new ArrayList<>();
            for (int i = 0; i < 7; i++) {
                HelperRun run = run(server, way, "get", "127.0.0.1:5000");
                assertThat(run.exitCode()).isZero();
                times.add(run.millis());
            }
            Collections.sort(times);
            System.out.printf("credhelper: get via %s: median %d ms (min %d, max %d)%n", way, times.get(3),
                    times.get(0), times.get(6));
        }
    }
}
