package io.jenkins.registrypull.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
