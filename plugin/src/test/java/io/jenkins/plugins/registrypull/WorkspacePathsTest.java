package io.jenkins.plugins.registrypull;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.registrypull.reference.ImageReference;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkspacePathsTest {
    @TempDir
    Path tmp;

    @Test
    void testNormalize() throws Exception {
        assertThat(WorkspacePaths.normalize("out")).isEqualTo("out");
        assertThat(WorkspacePaths.normalize("./a//b/./c/")).isEqualTo("a/b/c");
        assertThat(WorkspacePaths.normalize("a\\b")).isEqualTo("a/b");
        assertThat(WorkspacePaths.normalize("a/x/../b")).isEqualTo("a/b");
        assertThatThrownBy(() -> WorkspacePaths.normalize(".")).hasMessageContaining("is the workspace itself");
        assertThatThrownBy(() -> WorkspacePaths.normalize("a/..")).hasMessageContaining("is the workspace itself");
    }

    @Test
    void testDefaults_onePlacePerRepository_insideRegistryPull() throws Exception {
        ImageReference tagged = ImageReference.parse("reg.example.com:5000/team/app:1.2");
        assertThat(WorkspacePaths.defaultFor(Target.OCI, tagged)).isEqualTo("registry-pull/oci/team/app");
        assertThat(WorkspacePaths.defaultFor(Target.DOCKER_ARCHIVE, tagged)).isEqualTo("registry-pull/docker-archive/team/app/1.2.tar");
        ImageReference pinned = ImageReference.parse("reg.example.com/team/app@sha256:" + "ef".repeat(32));
        assertThat(WorkspacePaths.defaultFor(Target.DOCKER_ARCHIVE, pinned))
                .isEqualTo("registry-pull/docker-archive/team/app/" + "ef".repeat(32) + ".tar");
        assertThat(WorkspacePaths.defaultFor(Target.OCI, ImageReference.parse("ubuntu"))).isEqualTo("registry-pull/oci/library/ubuntu");
        // every default is a valid, normalised workspace path
        assertThat(WorkspacePaths.normalize(WorkspacePaths.defaultFor(Target.OCI, tagged))).isEqualTo("registry-pull/oci/team/app");
    }

    @Test
    void testResolveInside_symlinkOut_refused() throws Exception {
        Path ws = Files.createDirectories(tmp.resolve("ws"));
        Path outside = Files.createDirectories(tmp.resolve("outside"));
        Files.createSymbolicLink(ws.resolve("link"), outside);
        assertThat(WorkspacePaths.resolveInside(ws.toFile(), "a/b", null)).isEqualTo(new File(ws.toFile().getCanonicalFile(), "a/b"));
        assertThatThrownBy(() -> WorkspacePaths.resolveInside(ws.toFile(), "link/app", null)).hasMessageContaining("leaves the workspace");
    }

    @Test
    void testResolveInside_lastNameIsASymlinkOut_refused() throws Exception {
        // an OCI layout is a directory the pull writes into: a link named like the output must not lead out either
        Path ws = Files.createDirectories(tmp.resolve("ws2"));
        Path outside = Files.createDirectories(tmp.resolve("outside2"));
        Files.createDirectories(ws.resolve("out"));
        Files.createSymbolicLink(ws.resolve("out/oci"), outside);
        assertThatThrownBy(() -> WorkspacePaths.resolveInside(ws.toFile(), "out/oci", null)).hasMessageContaining("leaves the workspace");
        Files.createSymbolicLink(ws.resolve("inside"), ws.resolve("out"));
        assertThat(WorkspacePaths.resolveInside(ws.toFile(), "inside/x", null)).isEqualTo(new File(ws.toFile().getCanonicalFile(), "inside/x"));
    }
}
