package io.jenkins.plugins.registrypull.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.registrypull.Target;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The default target is decided on the agent: docker when a docker CLI is on the build's PATH, else oci. */
class TargetChooserTest {
    @TempDir
    Path tmp;

    private Path bin(String name, boolean executable) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("bin-" + name + "-" + executable));
        Path file = Files.createFile(dir.resolve(name), PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString(executable ? "rwxr-xr-x" : "rw-r--r--")));
        return file.getParent();
    }

    @Test
    void testAuto_dockerOnPath_isDocker() throws Exception {
        String path = tmp.resolve("empty") + File.pathSeparator + bin("docker", true);
        assertThat(TargetChooser.choose(Target.AUTO, path)).isEqualTo(Target.DOCKER);
    }

    @Test
    void testAuto_noDocker_isOci() throws Exception {
        assertThat(TargetChooser.choose(Target.AUTO, bin("podman", true).toString())).isEqualTo(Target.OCI);
        assertThat(TargetChooser.choose(Target.AUTO, bin("docker", false).toString())).as("not executable").isEqualTo(Target.OCI);
        assertThat(TargetChooser.choose(Target.AUTO, null)).isEqualTo(Target.OCI);
        assertThat(TargetChooser.choose(Target.AUTO, "")).isEqualTo(Target.OCI);
    }

    @Test
    void testExplicitTarget_isKept() throws Exception {
        String path = bin("docker", true).toString();
        assertThat(TargetChooser.choose(Target.OCI, path)).isEqualTo(Target.OCI);
        assertThat(TargetChooser.choose(Target.PODMAN, path)).isEqualTo(Target.PODMAN);
    }
}
