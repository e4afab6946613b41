package io.jenkins.registrypull.sink;

import io.jenkins.registrypull.error.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Engine options are checked when built and become the right command lines. */
class ContainerEngineTest {

    @TempDir
    Path tmp;

    private Path fakeExecutable(String name) throws Exception {
        Path file = tmp.resolve(name);
        Files.writeString(file, "#!/bin/sh\nexit 0\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        return file;
    }

    @Test
    void testDocker_commandWithHost() throws Exception {
        Path docker = fakeExecutable("docker");
        ContainerEngine engine = ContainerEngine.docker(docker.toString(), "unix:///tmp/d.sock");
        assertThat(engine.command("load")).containsExactly(docker.toString(), "--host", "unix:///tmp/d.sock", "load");
        assertThat(engine.describe()).isEqualTo("docker (unix:///tmp/d.sock)");
        assertThat(ContainerEngine.docker(docker.toString(), " ").command("load")).containsExactly(docker.toString(),
                "load");
    }

    @Test
    void testPodman_commandWithStorageOptions() throws Exception {
        Path podman = fakeExecutable("podman");
        ContainerEngine engine = ContainerEngine.podman(podman.toString(), tmp.resolve("root"), tmp.resolve("run"),
                "vfs");
        assertThat(engine.command("load")).containsExactly(podman.toString(), "--root", tmp.resolve("root").toString(),
                "--runroot", tmp.resolve("run").toString(), "--storage-driver", "vfs", "load");
        assertThat(ContainerEngine.podman(podman.toString(), null, null, null).command("load"))
                .containsExactly(podman.toString(), "load");
    }

    @Test
    void testDefaultExecutable_foundOnPath() throws Exception {
        assertThat(ContainerEngine.docker(null, null).executable()).endsWith("/docker");
        assertThat(ContainerEngine.podman("", null, null, null).executable()).isEqualTo("/usr/bin/podman");
    }

    @Test
    void testBadValues_namedFields() throws Exception {
        assertThatThrownBy(() -> ContainerEngine.docker(tmp.resolve("missing").toString(), null))
                .isInstanceOf(InvalidInputException.class)
                .satisfies(e -> assertThat(((InvalidInputException) e).field()).isEqualTo("dockerExecutable"))
                .hasMessageContaining("is not an executable file");
        assertThatThrownBy(() -> ContainerEngine.docker("no-such-docker-program", null))
                .hasMessageContaining("was not found on PATH");
        Path docker = fakeExecutable("docker");
        assertThatThrownBy(() -> ContainerEngine.docker(docker.toString(), "http://localhost:2375"))
                .isInstanceOf(InvalidInputException.class)
                .satisfies(e -> assertThat(((InvalidInputException) e).field()).isEqualTo("dockerHost"))
                .hasMessageContaining("unix:///path/to/docker.sock");
        Path podman = fakeExecutable("podman");
        assertThatThrownBy(() -> ContainerEngine.podman(podman.toString(), null, null, "vfs --root /"))
                .isInstanceOf(InvalidInputException.class)
                .satisfies(e -> assertThat(((InvalidInputException) e).field()).isEqualTo("podmanStorageDriver"));
        assertThatThrownBy(() -> ContainerEngine.docker(docker.toString(), null).withTimeout(Duration.ZERO))
                .isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> ContainerEngine.Kind.parse("containerd", "--load"))
                .hasMessage("--load: 'containerd' is not a container engine; expected docker or podman");
        assertThat(ContainerEngine.Kind.parse(" Podman", "--load")).isEqualTo(ContainerEngine.Kind.PODMAN);
    }

    @Test
    void testByName_notLookedUpHere_hostStillValidated() throws Exception {
        ContainerEngine docker = ContainerEngine.byName(ContainerEngine.Kind.DOCKER, "tcp://localhost:2375");
        assertThat(docker.command("load")).containsExactly("docker", "--host", "tcp://localhost:2375", "load");
        assertThat(ContainerEngine.byName(ContainerEngine.Kind.PODMAN, "ignored").command("load"))
                .containsExactly("podman", "load");
        assertThatThrownBy(() -> ContainerEngine.byName(ContainerEngine.Kind.DOCKER, "localhost"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("dockerHost");
    }
}
