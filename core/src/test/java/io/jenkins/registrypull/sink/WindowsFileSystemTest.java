package io.jenkins.registrypull.sink;

import io.jenkins.registrypull.json.JsonTrees;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import io.jenkins.registrypull.api.PullEngine;
import io.jenkins.registrypull.pull.PullListener;
import io.jenkins.registrypull.pull.PullOptions;
import io.jenkins.registrypull.pull.PullResult;
import io.jenkins.registrypull.testkit.BuiltIndex;
import io.jenkins.registrypull.testkit.ManifestFormat;
import io.jenkins.registrypull.testkit.Platform;
import io.jenkins.registrypull.testkit.RegistryPusher;
import io.jenkins.registrypull.testkit.RegistryServer;
import io.jenkins.registrypull.testkit.TestImages;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.InputStream;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The oci and docker-archive route of a Windows agent: store, layout and archive on a file system with Windows
 * semantics ({@code C:\} paths, {@code \} separators, no POSIX permissions), from a real registry. Nothing on that
 * route may call a POSIX-only API or assume {@code /} in a path; the local references are Windows paths that
 * skopeo on Windows parses ({@code oci:C:\...:tag}: containers/image skips the drive letter's colon).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WindowsFileSystemTest {

    private final ObjectMapper json = new ObjectMapper();
    private final BuiltIndex index = TestImages.multiPlatform(ManifestFormat.OCI);
    private RegistryServer registry;
    private FileSystem windows;

    @BeforeAll
    void start() {
        registry = RegistryServer.openHttp();
        try (RegistryPusher pusher = RegistryPusher.forRegistry(registry)) {
            pusher.pushIndex("team/app", "1.0", index);
        }
        windows = Jimfs.newFileSystem(Configuration.windows());
    }

    @AfterAll
    void stop() throws Exception {
        registry.close();
        windows.close();
    }

    private PullResult pull(String reference, Sink sink) throws Exception {
        try (PullEngine engine = new PullEngine()) {
            return engine.pull(PullOptions.builder().image(reference).insecure(true).platform("linux/amd64")
                    .storeDir(windows.getPath("C:\\Users\\jenkins\\.cache\\registry-pull")).sink(sink).build(),
                    PullListener.NONE);
        }
    }

    @Test
    void testOciLayout_onWindows_byTagAndDigest_localIsAWindowsTransportReference() throws Exception {
        Path layout = windows.getPath("C:\\jenkins\\workspace\\app\\registry-pull\\oci\\team\\app");
        PullResult byTag = pull(registry.hostPort() + "/team/app:1.0", new OciLayoutSink(layout, null,
                new JsonTrees()));
        PullResult byDigest = pull(registry.hostPort() + "/team/app@" + index.digest(),
                new OciLayoutSink(layout, null, new JsonTrees()));

        assertThat(byTag.localReference()).isEqualTo("oci:C:\\jenkins\\workspace\\app\\registry-pull\\oci\\team\\app:1.0");
        assertThat(byDigest.localReference()).isEqualTo("oci:" + layout + ":digest-sha256-"
                + index.digest().substring("sha256:".length()));
        JsonNode manifests = json.readTree(Files.readAllBytes(layout.resolve("index.json"))).get("manifests");
        assertThat(manifests.findValuesAsText("org.opencontainers.image.ref.name"))
                .containsExactlyInAnyOrder("1.0", "digest-sha256-" + index.digest().substring("sha256:".length()));
        assertThat(blobsVerify(layout.resolve("blobs").resolve("sha256"))).isEqualTo(4); // manifest, config, 2 layers
        assertThat(byTag.manifestDigest().toString()).isEqualTo(index.image(Platform.LINUX_AMD64).manifestDigest());
    }

    @Test
    void testDockerArchive_onWindows_writtenAndNamed() throws Exception {
        Path archive = windows.getPath("C:\\jenkins\\workspace\\app\\registry-pull\\docker-archive\\team\\app\\1.0.tar");
        PullResult result = pull(registry.hostPort() + "/team/app:1.0", new DockerArchiveSink(archive,
                new JsonTrees()));

        assertThat(result.localReference()).isEqualTo("docker-archive:" + archive);
        assertThat(result.location()).isEqualTo(archive.toString());
        assertThat(Files.size(archive)).isGreaterThan(index.image(Platform.LINUX_AMD64).blobBytes());
        try (Stream<Path> left = Files.list(archive.getParent())) {
            assertThat(left).extracting(p -> p.getFileName().toString()).containsExactly("1.0.tar"); // no temp file
        }
    }

    private static int blobsVerify(Path dir) throws Exception {
        List<Path> blobs;
        try (Stream<Path> list = Files.list(dir)) {
            blobs = list.toList();
        }
        for (Path blob : blobs) {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            try (InputStream in = Files.newInputStream(blob)) {
                sha.update(in.readAllBytes());
            }
            assertThat(HexFormat.of().formatHex(sha.digest())).isEqualTo(blob.getFileName().toString());
        }
        return blobs.size();
    }
}
