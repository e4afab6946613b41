package io.jenkins.registrypull.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.registrypull.testkit.BuiltImage;
import io.jenkins.registrypull.testkit.BuiltIndex;
import io.jenkins.registrypull.testkit.DockerDaemon;
import io.jenkins.registrypull.testkit.ManifestFormat;
import io.jenkins.registrypull.testkit.Platform;
import io.jenkins.registrypull.testkit.Podman;
import io.jenkins.registrypull.testkit.RegistryPusher;
import io.jenkins.registrypull.testkit.RegistryServer;
import io.jenkins.registrypull.testkit.TestImages;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The agent side of the command line with real parts: --platform, --output docker-archive:FILE,
 * --load docker|podman, --store, prune and verify-store.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AgentCommandsTest {

    private final ObjectMapper json = new ObjectMapper();
    private final BuiltIndex index = TestImages.multiPlatform(ManifestFormat.OCI);
    private RegistryServer registry;

    @TempDir
    Path tmp;

    @BeforeAll
    void start() {
        registry = RegistryServer.openHttp();
        try (RegistryPusher pusher = RegistryPusher.forRegistry(registry)) {
            pusher.pushIndex("team/app", "1.0", index);
        }
    }

    @AfterAll
    void stop() {
        registry.close();
    }

    private record Run(int exitCode, String out, String err) {
        JsonNode json() throws Exception {
            return new ObjectMapper().readTree(out);
        }
    }

    private Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Run(code, out.toString(), err.toString());
    }

    private List<String> pull(String... more) {
        List<String> args = new ArrayList<>(List.of("pull", registry.hostPort() + "/team/app:1.0",
                "--insecure-registry", registry.hostPort(), "--store", tmp.resolve("store").toString()));
        args.addAll(List.of(more));
        return args;
    }

    @Test
    void testPull_repeat_emptiesTheStoreBetweenPulls() throws Exception {
        Run pulled = run(pull("--platform", "linux/amd64", "--output", "oci:" + tmp.resolve("repeat"), "--repeat", "3")
                .toArray(String[]::new));
        assertThat(pulled.exitCode()).as(pulled.err()).isZero();
        assertThat(pulled.err()).containsPattern("pull 1/3: [0-9.]+ s, [0-9.]+ MB/s, CPU [0-9.]+ s, ")
                .contains("pull 2/3: ").contains("pull 3/3: ").contains("median of 3 pulls: ");
        long total = pulled.json().get("size").asLong();
        // every pull moved every byte: the store (and the layout) were emptied before it
        assertThat(pulled.err().lines().filter(l -> l.startsWith("pull ")))
                .allMatch(l -> l.contains(", " + total + " bytes downloaded"));
        assertThat(pulled.json().get("downloaded").asLong()).isEqualTo(total);
    }

    @Test
    void testPull_repeatKeepStore_warmRepulls() throws Exception {
        Run pulled = run(pull("--platform", "linux/amd64", "--output", "oci:" + tmp.resolve("keep"), "--repeat", "2",
                "--keep-store").toArray(String[]::new));
        assertThat(pulled.exitCode()).as(pulled.err()).isZero();
        assertThat(pulled.err()).contains("pull 2/2: ").contains(", 0 bytes downloaded");
        assertThat(pulled.json().get("downloaded").asLong()).isZero();
    }

    @Test
    void testPull_repeatOutOfRange_badInput() {
        Run pulled = run(pull("--output", "oci:" + tmp.resolve("x"), "--repeat", "0").toArray(String[]::new));
        assertThat(pulled.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(pulled.err()).contains("--repeat");
    }

    @Test
    void testPull_dockerArchiveForArm64_thenPruneAndVerify() throws Exception {
        BuiltImage arm64 = index.image(Platform.LINUX_ARM64_V8);
        Path archive = tmp.resolve("out/app.tar");

        Run pulled = run(pull("--platform", "linux/arm64/v8", "--output", "docker-archive:" + archive)
                .toArray(String[]::new));

        assertThat(pulled.exitCode()).as(pulled.err()).isZero();
        JsonNode result = pulled.json();
        assertThat(result.get("location").asText()).isEqualTo(archive.toString());
        assertThat(result.get("platform").asText()).isEqualTo("linux/arm64/v8");
        assertThat(result.get("indexDigest").asText()).isEqualTo(index.digest());
        assertThat(result.get("manifestDigest").asText()).isEqualTo(arm64.manifestDigest());
        assertThat(entries(archive)).contains("manifest.json", "index.json", "blobs/sha256/" + arm64.config().hex());

        Run verified = run("verify-store", "--store", tmp.resolve("store").toString());
        assertThat(verified.exitCode()).as(verified.err()).isZero();
        assertThat(verified.json().get("blobsChecked").asInt()).isEqualTo(5); // index, manifest, config, 2 layers
        assertThat(verified.err()).contains("All 5 blobs");

        Run pruned = run("prune", "--store", tmp.resolve("store").toString(), "--max-size", "0");
        assertThat(pruned.exitCode()).as(pruned.err()).isZero();
        assertThat(pruned.json().get("evicted")).hasSize(5);
        assertThat(pruned.json().get("bytesAfter").asLong()).isZero();
        assertThat(pruned.json().get("bytesFreed").asLong()).isEqualTo(pruned.json().get("bytesBefore").asLong());
        assertThat(pruned.err()).startsWith("Freed ").contains("(5 blobs)");
    }

    @Test
    void testVerifyStore_corruptBlob_exit5AndDeleted() throws Exception {
        Run pulled = run(pull("--platform", "linux/amd64", "--output", "oci:" + tmp.resolve("layout"), "--quiet")
                .toArray(String[]::new));
        assertThat(pulled.exitCode()).as(pulled.err()).isZero();
        Path layer = tmp.resolve("store/blobs/sha256/" + index.image(Platform.LINUX_AMD64).layers().get(1).blob().hex());
        Path broken = tmp.resolve("broken");
        Files.copy(layer, broken);
        Files.setPosixFilePermissions(broken, PosixFilePermissions.fromString("rw-r--r--"));
        byte[] bytes = Files.readAllBytes(broken);
        bytes[bytes.length / 2] ^= 1;
        Files.write(broken, bytes);
        Files.delete(layer);
        Files.move(broken, layer); // not the layout's hard link: that one keeps the good bytes

        Run verified = run("verify-store", "--store", tmp.resolve("store").toString());

        assertThat(verified.exitCode()).isEqualTo(ExitCodes.VERIFICATION);
        assertThat(verified.json().get("corruptRemoved")).extracting(JsonNode::asText)
                .containsExactly("sha256:" + layer.getFileName());
        assertThat(layer).doesNotExist();
        assertThat(run("verify-store", "--store", tmp.resolve("store").toString()).exitCode()).isZero();
    }

    @Test
    void testPull_loadDocker() throws Exception {
        try (DockerDaemon docker = DockerDaemon.start()) {
            Run pulled = run(pull("--platform", "linux/arm64/v8", "--load", "docker", "--load-executable",
                    DockerDaemon.CLIENT, "--docker-host", docker.host()).toArray(String[]::new));

            assertThat(pulled.exitCode()).as(pulled.err()).isZero();
            String configDigest = index.image(Platform.LINUX_ARM64_V8).config().digest();
            assertThat(pulled.json().get("imageId").asText()).isEqualTo(configDigest);
            assertThat(pulled.json().get("location").asText()).isEqualTo("docker (" + docker.host() + ")");
            assertThat(docker.inspect(registry.hostPort() + "/team/app:1.0", "{{.Id}} {{.Architecture}}"))
                    .isEqualTo(configDigest + " arm64");
        }
    }

    @Test
    void testPull_loadPodman() throws Exception {
        try (Podman podman = Podman.create()) {
            Run pulled = run(pull("--platform", "linux/amd64", "--load", "podman", "--podman-root",
                    podman.root().toString(), "--podman-runroot", podman.runroot().toString(),
                    "--podman-storage-driver", podman.storageDriver()).toArray(String[]::new));

            assertThat(pulled.exitCode()).as(pulled.err()).isZero();
            BuiltImage amd64 = index.image(Platform.LINUX_AMD64);
            assertThat(pulled.json().get("imageId").asText()).isEqualTo(amd64.config().digest());
            assertThat(podman.inspect(registry.hostPort() + "/team/app:1.0", "{{.Id}} {{.Architecture}}"))
                    .isEqualTo(amd64.config().hex() + " amd64");
        }
    }

    @Test
    void testPull_loadIntoAStoppedDaemon_exit1WithAdvice() {
        Run pulled = run(pull("--load", "docker", "--load-executable", DockerDaemon.CLIENT, "--docker-host",
                "unix://" + tmp.resolve("nothing.sock")).toArray(String[]::new));
        assertThat(pulled.exitCode()).isEqualTo(ExitCodes.FAILURE);
        assertThat(pulled.err()).contains("docker load of").contains("Cannot connect to the Docker daemon")
                .contains("Check that the docker daemon at unix://" + tmp.resolve("nothing.sock") + " is running");
    }

    private static List<String> entries(Path tar) throws Exception {
        List<String> names = new ArrayList<>();
        try (InputStream raw = Files.newInputStream(tar); TarArchiveInputStream in = new TarArchiveInputStream(raw)) {
            TarArchiveEntry entry;
            while ((entry = in.getNextEntry()) != null) {
                names.add(entry.getName());
            }
        }
        try (Stream<Path> files = Files.list(tar.getParent())) {
            assertThat(files).containsExactly(tar);
        }
        return names;
    }
}
