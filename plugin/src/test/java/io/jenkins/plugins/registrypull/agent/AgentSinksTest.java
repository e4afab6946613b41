package io.jenkins.plugins.registrypull.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.registrypull.Target;
import io.jenkins.registrypull.error.InvalidInputException;
import io.jenkins.registrypull.sink.ContainerEngine;
import io.jenkins.registrypull.sink.DockerArchiveSink;
import io.jenkins.registrypull.sink.DockerPullSink;
import io.jenkins.registrypull.sink.EngineLoadSink;
import io.jenkins.registrypull.sink.OciLayoutSink;
import io.jenkins.registrypull.sink.Sink;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each target maps to the engine's sink; docker and podman are found on the build's PATH, DOCKER_HOST is honoured. */
class AgentSinksTest {
    @TempDir
    Path tmp;

    private Path fakeBin(String... commands) throws Exception {
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        for (String command : commands) {
            Files.createFile(bin.resolve(command), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        }
        return bin;
    }

    @Test
    void testFileTargets() throws Exception {
        assertThat(AgentSinks.create(Target.OCI, tmp.resolve("ws/out").toFile(), Map.of())).isInstanceOf(OciLayoutSink.class);
        Sink archive = AgentSinks.create(Target.DOCKER_ARCHIVE, tmp.resolve("ws/app.tar").toFile(), Map.of());
        assertThat(archive).isInstanceOf(DockerArchiveSink.class);
        assertThat(archive.describe()).endsWith("app.tar");
    }

    @Test
    void testDocker_cliFromTheBuildPath_daemonFromDockerHost() throws Exception {
        Path bin = fakeBin("docker", "podman");
        DockerPullSink sink = (DockerPullSink) AgentSinks.create(Target.DOCKER, null,
                Map.of("PATH", bin.toString(), "DOCKER_HOST", "unix:///run/user/1000/docker.sock"));
        ContainerEngine engine = sink.engine();
        assertThat(engine.kind()).isEqualTo(ContainerEngine.Kind.DOCKER);
        assertThat(engine.executable()).isEqualTo(bin.resolve("docker").toString());
        assertThat(engine.command("load")).containsExactly(bin.resolve("docker").toString(), "--host",
                "unix:///run/user/1000/docker.sock", "load");
    }

    @Test
    void testPodman_cliFromTheBuildPath_defaultStorage() throws Exception {
        Path bin = fakeBin("podman");
        EngineLoadSink sink = (EngineLoadSink) AgentSinks.create(Target.PODMAN, null, Map.of("PATH", bin.toString()));
        assertThat(sink.engine().kind()).isEqualTo(ContainerEngine.Kind.PODMAN);
        assertThat(sink.engine().command("load")).containsExactly(bin.resolve("podman").toString(), "load");
    }

    @Test
    void testDocker_badDockerHost_isInvalidInputNamingTheField() throws Exception {
        Path bin = fakeBin("docker");
        assertThatThrownBy(() -> AgentSinks.create(Target.DOCKER, null, Map.of("PATH", bin.toString(), "DOCKER_HOST", "localhost")))
                .isInstanceOf(InvalidInputException.class).hasMessageStartingWith("dockerHost: ");
    }

    @Test
    void testAuto_mustBeDecidedFirst() {
        assertThatThrownBy(() -> AgentSinks.create(Target.AUTO, null, Map.of())).isInstanceOf(IllegalArgumentException.class);
    }
}
