package io.jenkins.registrypull.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;

/** The dockerd and podman fixtures start private instances and leave nothing behind. */
class ContainerEngineFixturesTest {

    @Test
    void testDockerDaemon_privateSocketAndCleanStop() {
        DockerDaemon docker = DockerDaemon.start();
        Path dir = docker.dir();
        List<ProcessHandle> tree;
        try {
            assertThat(docker.serverVersion()).startsWith("20.10.");
            assertThat(docker.host()).isEqualTo("unix://" + dir.resolve("d.sock"));
            assertThat(docker.docker("info", "--format", "{{.Driver}} {{.DockerRootDir}}").requireSuccess().stdout())
                    .contains("vfs").contains(dir.resolve("root").toString());
            assertThat(docker.docker("images", "--quiet").requireSuccess().stdout()).isBlank();
            tree = ProcessHandle.of(docker.pid()).orElseThrow().descendants().toList();
            assertThat(tree).anySatisfy(p -> assertThat(p.info().command().orElse("")).contains("containerd"));
            assertThat(docker.startDuration()).isPositive();
        } finally {
            docker.close();
        }
        assertThat(ProcessHandle.of(docker.pid())).isEmpty();
        assertThat(tree).noneMatch(ProcessHandle::isAlive);
        assertThat(dir).doesNotExist();
        assertThat(PrivateDirs.mountsUnder(dir)).isEmpty();
    }

    @Test
    void testDockerDaemon_overlay2_loadsAnImageAndLeavesNoMountBehind() throws IOException {
        BuiltImage image = TestImages.small(ManifestFormat.DOCKER, Platform.LINUX_AMD64);
        Path archive = TempDirs.create("testkit-archive-").resolve("image.tar");
        writeDockerArchive(image, "fixture/overlay:1", archive);
        DockerDaemon docker = DockerDaemon.start(DockerDaemon.StorageDriver.OVERLAY2);
        Path dir = docker.dir();
        try {
            assertThat(docker.storageDriver()).isEqualTo(DockerDaemon.StorageDriver.OVERLAY2);
            assertThat(docker.docker("info", "--format", "{{.Driver}}").requireSuccess().stdout().strip())
                    .isEqualTo("overlay2");
            docker.docker("load", "--input", archive.toString()).requireSuccess();
            assertThat(docker.inspect("fixture/overlay:1", "{{.Id}}")).isEqualTo(image.config().digest());
            assertThat(docker.inspect("fixture/overlay:1", "{{.GraphDriver.Name}}")).isEqualTo("overlay2");
        } finally {
            docker.close();
            TempDirs.deleteRecursively(archive.getParent());
        }
        assertThat(dir).doesNotExist();
        assertThat(PrivateDirs.mountsUnder(dir)).isEmpty();
    }

    /** The legacy layout docker load takes: manifest.json, the config, one tar per layer (gzip is accepted). */
    private static void writeDockerArchive(BuiltImage image, String tag, Path file) throws IOException {
        try (OutputStream out = Files.newOutputStream(file);
                TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
            StringBuilder layers = new StringBuilder();
            putEntry(tar, image.config().hex() + ".json", image.configBytes());
            for (Layer layer : image.layers()) {
                String name = layer.blob().hex() + ".tar";
                putEntry(tar, name, layer.blob().bytes());
                layers.append(layers.length() == 0 ? "" : ",").append('"').append(name).append('"');
            }
            putEntry(tar, "manifest.json", ("[{\"Config\":\"" + image.config().hex() + ".json\",\"RepoTags\":[\"" + tag
                    + "\"],\"Layers\":[" + layers + "]}]").getBytes(StandardCharsets.UTF_8));
        }
    }

    private static void putEntry(TarArchiveOutputStream tar, String name, byte[] bytes) throws IOException {
        TarArchiveEntry entry = new TarArchiveEntry(name);
        entry.setSize(bytes.length);
        tar.putArchiveEntry(entry);
        tar.write(bytes);
        tar.closeArchiveEntry();
    }

    @Test
    void testPodman_privateStoreAndCleanup() {
        Podman podman = Podman.create();
        Path dir = podman.dir();
        try {
            assertThat(podman.podman("--version").requireSuccess().stdout()).contains("podman version 4.");
            assertThat(podman.podman("info", "--format", "{{.Store.GraphRoot}} {{.Store.GraphDriverName}}")
                    .requireSuccess().stdout()).contains(podman.root().toString()).contains("vfs");
            assertThat(Files.isDirectory(podman.root())).isTrue();
        } finally {
            podman.close();
        }
        assertThat(dir).doesNotExist();
    }
}
