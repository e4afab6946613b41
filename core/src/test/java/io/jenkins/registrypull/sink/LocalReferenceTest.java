package io.jenkins.registrypull.sink;

import io.jenkins.registrypull.json.JsonTrees;
import io.jenkins.registrypull.pull.PullResult;
import io.jenkins.registrypull.testkit.BuiltImage;
import io.jenkins.registrypull.testkit.CommandResult;
import io.jenkins.registrypull.testkit.DockerDaemon;
import io.jenkins.registrypull.testkit.Platform;
import io.jenkins.registrypull.testkit.Podman;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a pull returns as its local reference resolves in the target itself with the registry STOPPED, for a pull
 * by tag and a pull by the digest of a multi-platform index (which podman never records and docker cannot record
 * for a loaded image): {@code docker image inspect} and {@code docker create} of exactly that string in a real
 * dockerd 20.10, {@code podman image inspect} in a real podman store, {@code skopeo inspect} of the {@code oci:}
 * and {@code docker-archive:} references. It also shows why {@code repo@digest} (the step's {@code pinned}) is
 * not what to run: docker does not find it locally.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LocalReferenceTest {

    private RealEngineFixture fixture;
    private DockerDaemon docker;
    private Podman podman;
    private Path tmp;
    private String byTag;
    private String byDigest;
    private BuiltImage expected;
    private final List<PullResult> dockerPulls = new ArrayList<>();
    private final List<PullResult> podmanPulls = new ArrayList<>();
    private final List<PullResult> ociPulls = new ArrayList<>();
    private final List<PullResult> archivePulls = new ArrayList<>();

    @BeforeAll
    void pullEverythingThenStopTheRegistry(@TempDir Path dir) throws Exception {
        tmp = dir;
        fixture = new RealEngineFixture();
        docker = DockerDaemon.start();
        podman = Podman.create();
        byTag = fixture.reference(io.jenkins.registrypull.testkit.ManifestFormat.OCI);
        byDigest = fixture.registry.hostPort() + "/team/app@" + fixture.oci.digest();
        expected = fixture.oci.image(Platform.LINUX_AMD64);
        Path store = tmp.resolve("store");
        for (String reference : List.of(byTag, byDigest)) {
            dockerPulls.add(fixture.pull(reference, "linux/amd64", store,
                    new EngineLoadSink(ContainerEngine.docker(DockerDaemon.CLIENT, docker.host()), fixture.json)));
            podmanPulls.add(fixture.pull(reference, "linux/amd64", store, new EngineLoadSink(ContainerEngine.podman(
                    Podman.BINARY, podman.root(), podman.runroot(), podman.storageDriver()), fixture.json)));
            ociPulls.add(fixture.pull(reference, "linux/amd64", store,
                    new OciLayoutSink(tmp.resolve("layout"), null, fixture.json)));
            archivePulls.add(fixture.pull(reference, "linux/amd64", store,
                    new DockerArchiveSink(tmp.resolve("archive-" + archivePulls.size() + ".tar"), fixture.json)));
        }
        fixture.registry.close();
        fixture.tokens.close();
    }

    @AfterAll
    void stop() {
        try {
            if (docker != null) {
                docker.close();
            }
            if (podman != null) {
                podman.close();
            }
        } finally {
            fixture.close();
        }
    }

    @Test
    void testDocker_localReference_inspectAndCreateWithTheRegistryStopped() {
        String digestHex = fixture.oci.digest().substring("sha256:".length());
        assertThat(dockerPulls).extracting(PullResult::localReference).containsExactly(byTag,
                fixture.registry.hostPort() + "/team/app:digest-sha256-" + digestHex);
        for (PullResult pulled : dockerPulls) {
            assertThat(docker.inspect(pulled.localReference(), "{{.Id}}")).isEqualTo(expected.config().digest());
            CommandResult created = docker.docker("create", pulled.localReference(), "/bin/true");
            assertThat(created.exitCode()).as(created.describe()).isZero();
            docker.docker("rm", created.stdout().strip()).requireSuccess();
        }
        // the registry reference is not in docker's store: docker would go back to the (stopped) registry
        String pinned = fixture.registry.hostPort() + "/team/app@" + dockerPulls.get(0).pinnableDigest();
        assertThat(docker.docker("image", "inspect", pinned).exitCode()).isNotZero();
    }

    @Test
    void testPodman_localReference_inspectWithTheRegistryStopped_alsoForAnIndexDigest() {
        for (PullResult pulled : podmanPulls) {
            assertThat(pulled.localReference()).startsWith(fixture.registry.hostPort() + "/team/app:");
            assertThat(podman.inspect(pulled.localReference(), "{{.Id}}"))
                    .isEqualTo(expected.config().hex());
        }
        // podman never records the index digest of a multi-platform image
        String pinned = fixture.registry.hostPort() + "/team/app@" + podmanPulls.get(1).pinnableDigest();
        assertThat(podman.podman("image", "inspect", pinned).exitCode()).isNotZero();
    }

    @Test
    void testOciAndDockerArchive_transportReferences_readBySkopeoWithTheRegistryStopped() throws Exception {
        for (PullResult pulled : ociPulls) {
            assertThat(pulled.localReference()).startsWith("oci:" + tmp.resolve("layout") + ":");
            assertThat(skopeoManifestDigest(pulled.localReference())).isEqualTo(expected.manifestDigest());
        }
        for (PullResult pulled : archivePulls) {
            assertThat(pulled.localReference()).isEqualTo("docker-archive:" + pulled.location());
            assertThat(skopeoConfigDigest(pulled.localReference())).isEqualTo(expected.config().digest());
        }
    }

    @Test
    void testDockerArchive_loadedByDocker_namedAsTheLoadSinkNamesIt() {
        PullResult byDigestArchive = archivePulls.get(1);
        docker.docker("load", "--input", byDigestArchive.location()).requireSuccess();
        assertThat(docker.inspect(dockerPulls.get(1).localReference(), "{{.Id}}"))
                .isEqualTo(expected.config().digest());
    }

    private static String skopeoManifestDigest(String transportReference) throws Exception {
        String raw = skopeo("inspect", "--format", "{{.Digest}}", transportReference);
        return raw.strip();
    }

    private static String skopeoConfigDigest(String transportReference) throws Exception {
        String config = skopeo("inspect", "--raw", transportReference);
        return new com.fasterxml.jackson.databind.ObjectMapper().readTree(config).at("/config/digest").asText();
    }

    private static String skopeo(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add("/usr/bin/skopeo");
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().close();
        byte[] out = process.getInputStream().readAllBytes();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String text = new String(out, StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as(String.join(" ", command) + ": " + text).isZero();
        return text;
    }
}
