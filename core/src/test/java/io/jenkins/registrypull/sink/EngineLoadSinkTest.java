package io.jenkins.registrypull.sink;

import io.jenkins.registrypull.json.JsonTrees;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.registrypull.error.ImageLoadException;
import io.jenkins.registrypull.manifest.Descriptor;
import io.jenkins.registrypull.testkit.BuiltImage;
import io.jenkins.registrypull.testkit.ImageBuilder;
import io.jenkins.registrypull.testkit.ManifestFormat;
import io.jenkins.registrypull.testkit.Platform;
import io.jenkins.registrypull.testkit.RandomLayer;
import io.jenkins.registrypull.testkit.TestImages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The process side of loading, against fake engines (shell scripts that record their arguments
 * and stdin): streaming, the image id, failures with the engine's words, abort, timeout, environment.
 * The real docker and podman are in {@link DockerLoadTest} and {@link PodmanLoadTest}.
 */
class EngineLoadSinkTest {

    private final ObjectMapper json = new ObjectMapper();

    @TempDir
    Path tmp;

    /** A fake docker: {@code load} saves stdin, prints {@code loadOutput}; {@code image inspect} prints {@code id}. */
    private Path fakeDocker(String loadScript, String inspectOutput) throws Exception {
        Path script = tmp.resolve("docker");
        Files.writeString(script, "#!/bin/sh\n"
                + "echo \"$@\" >> " + tmp.resolve("args") + "\n"
                + "case \"$*\" in\n"
                + "  *\" load\"|load) " + loadScript + " ;;\n"
                + "  *\"image inspect\"*) echo '" + inspectOutput + "' ;;\n"
                + "  *) echo \"unexpected: $*\" >&2; exit 99 ;;\n"
                + "esac\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return script;
    }

    private String saveStdin() {
        return "cat > " + tmp.resolve("stdin.tar");
    }

    private static long sizeOrZero(Path file) throws java.io.IOException {
        return Files.exists(file) ? Files.size(file) : 0;
    }

    private ContainerEngine docker(Path script) throws Exception {
        return ContainerEngine.docker(script.toString(), "unix:///fake/d.sock");
    }

    @Test
    void testLoad_streamsTheArchiveAndReportsTheImageId() throws Exception {
        BuiltImage built = TestImages.small(ManifestFormat.OCI, Platform.LINUX_AMD64);
        Path docker = fakeDocker(saveStdin() + "; echo 'Loaded image: 127.0.0.1:5000/team/app:1.2'", built.config()
                .digest());
        try (StoredImage image = new StoredImage(tmp.resolve("store"), built, "127.0.0.1:5000/team/app:1.2");
             SinkSession session = new EngineLoadSink(docker(docker), new JsonTrees()).open(image.resolved,
                     image.store)) {
            image.feed(session);
            SinkResult result = session.commit();

            assertThat(result.imageId()).isEqualTo(built.config().digest());
            assertThat(result.location()).isEqualTo("docker (unix:///fake/d.sock)");
            assertThat(result.facts()).singleElement().asString()
                    .contains("as 127.0.0.1:5000/team/app:1.2").contains("= the config digest");
        }
        assertThat(Files.readAllLines(tmp.resolve("args"))).containsExactly(
                "--host unix:///fake/d.sock load",
                "--host unix:///fake/d.sock image inspect --format {{.Id}} 127.0.0.1:5000/team/app:1.2");
        Map<String, byte[]> entries = TarEntries.read(tmp.resolve("stdin.tar"));
        assertThat(entries).containsKeys("manifest.json", "index.json", "oci-layout",
                "blobs/sha256/" + built.layers().get(0).blob().hex());
    }

    @Test
    void testLoad_bytesReachTheEngineBeforeTheCommit() throws Exception {
        BuiltImage built = new ImageBuilder(ManifestFormat.DOCKER, Platform.LINUX_AMD64)
                .layer(RandomLayer.write(Files.createDirectories(tmp.resolve("layers")), 2 * 1024 * 1024, 1)).build();
        Path docker = fakeDocker(saveStdin() + "; echo 'Loaded image: 127.0.0.1:5000/team/big:1'",
                built.config().digest());
        try (StoredImage image = new StoredImage(tmp.resolve("store"), built, "127.0.0.1:5000/team/big:1");
             SinkSession session = new EngineLoadSink(docker(docker), new JsonTrees()).open(image.resolved,
                     image.store)) {
            Descriptor layer = image.resolved.manifest().layers().get(0);
            session.accept(layer, image.store.pathOf(layer.digest()));

            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (sizeOrZero(tmp.resolve("stdin.tar")) <= 1024 * 1024 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(sizeOrZero(tmp.resolve("stdin.tar"))).isGreaterThan(1024 * 1024);

            Descriptor config = image.resolved.manifest().config();
            session.accept(config, image.store.pathOf(config.digest()));
            session.commit();
        }
    }

    @Test
    void testLoad_digestReference_tagDerivedFromTheDigestIsTheLocalReference() throws Exception {
        BuiltImage built = TestImages.small(ManifestFormat.OCI, Platform.LINUX_AMD64);
        Path docker = fakeDocker("cat > /dev/null; echo 'Loaded image ID: " + built.config().digest() + "'",
                built.config().digest());
        try (StoredImage image = new StoredImage(tmp.resolve("store"), built,
                "127.0.0.1:5000/team/app@" + built.manifestDigest());
             SinkSession session = new EngineLoadSink(docker(docker), new JsonTrees()).open(image.resolved,
                     image.store)) {
            image.feed(session);
            SinkResult result = session.commit();
            assertThat(result.imageId()).isEqualTo(built.config().digest());
            String local = "127.0.0.1:5000/team/app:digest-sha256-" + built.manifestDigest().substring(7);
            assertThat(result.localReference()).isEqualTo(local);
            assertThat(result.facts()).singleElement().asString().contains("as " + local);
        }
        assertThat(Files.readAllLines(tmp.resolve("args"))).contains("--host unix:///fake/d.sock image inspect --format"
                + " {{.Id}} 127.0.0.1:5000/team/app:digest-sha256-" + built.manifestDigest().substring(7));
    }

    @Test
    void testLoad_podmanIdWithoutPrefix_normalised() throws Exception {
        BuiltImage built = TestImages.small(ManifestFormat.OCI, Platform.LINUX_AMD64);
        Path podman = fakeDocker("cat > /dev/null; echo 'Loaded image: 127.0.0.1:5000/team/app:1'",
                built.config().hex());
        ContainerEngine engine = ContainerEngine.podman(podman.toString(), tmp.resolve("root"), null, "vfs");
        try (StoredImage image = new StoredImage(tmp.resolve("store"), built, "127.0.0.1:5000/team/app:1");
             SinkSession session = new EngineLoadSink(engine, new JsonTrees()).open(image.resolved, image.store)) {
            image.feed(session);
            assertThat(session.commit().imageId()).isEqualTo(built.config().digest());
        }
    }

    @Test
    void testLoad_engineFails_messageCarriesItsWordsAndWhatToCheck() throws Exception {
        BuiltImage built = TestImages.small(ManifestFormat.OCI, Platform.LINUX_AMD64);
        Path docker = fakeDocker("echo 'Cannot connect to the Docker daemon at unix:///fake/d.sock. Is the docker"
                + " daemon running?' >&2; exit 1", "unused");
        try (StoredImage image = new StoredImage(tmp.resolve("store"), built, "127.0.0.1:5000/team/app:1");
             SinkSession session = new EngineLoadSink(docker(docker), new JsonTrees()).open(image.resolved,
                     image.store)) {
            assertThatThrownBy(() -> {
                image.feed(session);
                session.commit();
            }).isInstanceOf(ImageLoadException.class)
                    .hasMessageContaining("docker load of 127.0.0.1:5000/team/app:1 failed")
                    .hasMessageContaining("exited with code 1")
                    .hasMessageContaining("Cannot connect to the Docker daemon at unix:///fake/d.sock")
                    .hasMessageContaining("Check that the docker daemon at unix:///fake/d.sock is running");
        }
        assertThat(Files.readAllLines(tmp.resolve("args"))).hasSize(1); // no inspect after a failed load
    }

    @Test
    void testLoad_abortBeforeCommit_engineNeverSeesMetadata() throws Exception {
        BuiltImage built = TestImages.small(ManifestFormat.OCI, Platform.LINUX_AMD64);
        Path docker = fakeDocker(saveStdin() + "; echo done > " + tmp.resolve("exited"), "unused");
        try (StoredImage image = new StoredImage(tmp.resolve("store"), built, "127.0.0.1:5000/team/app:1");
             SinkSession session = new EngineLoadSink(docker(docker), new JsonTrees()).open(image.resolved,
                     image.store)) {
            image.feed(session);
            // the pull fails here: the session is closed without a commit
        }
        assertThat(tmp.resolve("exited")).exists(); // the engine saw the end of its input and exited
        Map<String, byte[]> received = TarEntries.read(tmp.resolve("stdin.tar"));
        assertThat(received.keySet()).allMatch(name -> name.startsWith("blobs/"));
        assertThat(received).doesNotContainKeys("manifest.json", "index.json", "repositories");
    }

    @Test
    void testLoad_engineHangs_killedAfterTimeout() throws Exception {
        BuiltImage built = TestImages.small(ManifestFormat.OCI, Platform.LINUX_AMD64);
        Path docker = fakeDocker("echo $$ > " + tmp.resolve("pid") + "; exec sleep 60", "unused");
        ContainerEngine engine = docker(docker).withTimeout(Duration.ofSeconds(2));
        long started = System.nanoTime();
        try (StoredImage image = new StoredImage(tmp.resolve("store"), built, "127.0.0.1:5000/team/app:1");
             SinkSession session = new EngineLoadSink(engine, new JsonTrees()).open(image.resolved, image.store)) {
            image.feed(session);
            assertThatThrownBy(session::commit).isInstanceOf(ImageLoadException.class)
                    .hasMessageContaining("was stopped after its timeout of 2 s");
        }
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(30));
        long pid = Long.parseLong(Files.readString(tmp.resolve("pid")).strip());
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).isNotEqualTo(java.util.Optional.of(true));
    }

    @Test
    void testLoad_missingExecutableAtRun_clearMessage() throws Exception {
        BuiltImage built = TestImages.small(ManifestFormat.OCI, Platform.LINUX_AMD64);
        Path docker = fakeDocker("cat > /dev/null", "unused");
        ContainerEngine engine = docker(docker);
        Files.delete(docker); // vanished between the options check and the pull
        try (StoredImage image = new StoredImage(tmp.resolve("store"), built, "127.0.0.1:5000/team/app:1")) {
            assertThatThrownBy(() -> new EngineLoadSink(engine, new JsonTrees()).open(image.resolved, image.store))
                    .isInstanceOf(ImageLoadException.class)
                    .hasMessageContaining("Cannot run " + docker + " --host unix:///fake/d.sock load")
                    .hasMessageContaining("Install docker on this machine");
        }
    }

    @Test
    void testLoad_environmentIsTheJvmsUnchanged() throws Exception {
        BuiltImage built = TestImages.small(ManifestFormat.OCI, Platform.LINUX_AMD64);
        Path docker = fakeDocker("env -0 > " + tmp.resolve("env") + "; cat > /dev/null; echo 'Loaded image: x:1'",
                built.config().digest());
        try (StoredImage image = new StoredImage(tmp.resolve("store"), built, "127.0.0.1:5000/team/app:1");
             SinkSession session = new EngineLoadSink(docker(docker), new JsonTrees()).open(image.resolved,
                     image.store)) {
            image.feed(session);
            session.commit();
        }
        Map<String, String> childEnv = new HashMap<>();
        for (String entry : Files.readString(tmp.resolve("env"), StandardCharsets.UTF_8).split("\0")) {
            int eq = entry.indexOf('=');
            if (eq > 0) {
                childEnv.put(entry.substring(0, eq), entry.substring(eq + 1));
            }
        }
        Set<String> shellOwn = Set.of("PWD", "OLDPWD", "SHLVL", "_");
        childEnv.keySet().removeAll(shellOwn);
        Map<String, String> jvmEnv = new HashMap<>(System.getenv());
        jvmEnv.keySet().removeAll(shellOwn);
        assertThat(childEnv).isEqualTo(jvmEnv);
        assertThat(List.of(Files.readString(tmp.resolve("args")).split("\n"))).allMatch(line ->
                line.startsWith("--host unix:///fake/d.sock "));
    }
}
