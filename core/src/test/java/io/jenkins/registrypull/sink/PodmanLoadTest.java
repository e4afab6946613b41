package io.jenkins.registrypull.sink;

import io.jenkins.registrypull.json.JsonTrees;
import io.jenkins.registrypull.error.ImageLoadException;
import io.jenkins.registrypull.pull.PullListener;
import io.jenkins.registrypull.pull.PullResult;
import io.jenkins.registrypull.manifest.Descriptor;
import io.jenkins.registrypull.testkit.BuiltImage;
import io.jenkins.registrypull.testkit.ManifestFormat;
import io.jenkins.registrypull.testkit.Platform;
import io.jenkins.registrypull.testkit.Podman;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Pull straight into a private podman 4.3 store (and through a docker-archive file), for amd64 and
 * arm64/v8 from an OCI index and a Docker manifest list, then check what podman says it has.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PodmanLoadTest {

    private RealEngineFixture fixture;
    private Podman podman;

    @TempDir
    Path tmp;

    @BeforeAll
    void start() {
        fixture = new RealEngineFixture();
        podman = Podman.create();
        System.out.printf("podman store initialised in %d ms%n", podman.startDuration().toMillis());
    }

    @AfterAll
    void stop() {
        try {
            if (podman != null) {
                podman.close();
            }
        } finally {
            fixture.close();
        }
    }

    private EngineLoadSink sink() throws Exception {
        return new EngineLoadSink(ContainerEngine.podman(Podman.BINARY, podman.root(), podman.runroot(),
                podman.storageDriver()), fixture.json);
    }

    @ParameterizedTest
    @EnumSource(ManifestFormat.class)
    void testLoad_amd64AndArm64v8_idTagArchitecture(ManifestFormat format) throws Exception {
        String reference = fixture.reference(format);
        for (Platform platform : new Platform[] {Platform.LINUX_AMD64, Platform.LINUX_ARM64_V8}) {
            BuiltImage expected = fixture.index(format).image(platform);
            // the OCI and Docker test images share configs: one image id, so start without it
            podman.podman("image", "rm", "--force", expected.config().hex());
            long started = System.nanoTime();
            PullResult result = fixture.pull(reference, platform.toString(), tmp.resolve("store"), sink());
            long took = System.nanoTime() - started;

            assertThat(result.imageId()).isEqualTo(expected.config().digest());
            assertThat(result.location()).isEqualTo("podman (root " + podman.root() + ")");
            assertThat(podman.inspect(reference, "{{.Id}}")).isEqualTo(expected.config().hex());
            assertThat(podman.inspect(reference, "{{.Architecture}} {{.Os}}"))
                    .isEqualTo(platform.architecture() + " " + platform.os());
            assertThat(podman.inspect(reference, "{{json .RepoTags}}")).contains("\"" + reference + "\"");
            // podman keeps the registry's manifest as it is: its digest is the pulled manifest's
            assertThat(podman.inspect(reference, "{{.Digest}}")).isEqualTo(expected.manifestDigest());
            System.out.printf("pull + podman load of %s for %s: %d ms%n", reference, platform, took / 1_000_000);
        }
    }

    @Test
    void testLoad_digestReference_taggedWithTheDigestDerivedTag() throws Exception {
        BuiltImage expected = fixture.oci.image(Platform.LINUX_ARM64_V8);
        podman.podman("image", "rm", "--force", expected.config().hex());
        String byDigest = fixture.registry.hostPort() + "/team/app@" + fixture.oci.digest();

        PullResult result = fixture.pull(byDigest, "linux/arm64/v8", tmp.resolve("store"), sink());

        assertThat(result.imageId()).isEqualTo(expected.config().digest());
        String local = fixture.registry.hostPort() + "/team/app:digest-sha256-" + fixture.oci.digest().substring(7);
        assertThat(result.localReference()).isEqualTo(local);
        assertThat(podman.inspect(expected.config().hex(), "{{json .RepoTags}} {{.Architecture}}"))
                .isEqualTo("[\"" + local + "\"] arm64");
    }

    @Test
    void testDockerArchiveFile_acceptedByPodmanLoad() throws Exception {
        BuiltImage expected = fixture.list.image(Platform.LINUX_AMD64);
        String reference = fixture.reference(ManifestFormat.DOCKER);
        Path archive = tmp.resolve("image.tar");
        podman.podman("image", "rm", "--force", reference);

        fixture.pull(reference, "linux/amd64", tmp.resolve("store"), new DockerArchiveSink(archive, fixture.json));

        assertThat(podman.podman("load", "--input", archive.toString()).requireSuccess().stdout())
                .contains("Loaded image: " + reference);
        assertThat(podman.inspect(reference, "{{.Id}} {{.Architecture}}"))
                .isEqualTo(expected.config().hex() + " amd64");
    }

    @Test
    void testLoad_pullFailsHalfWay_nothingTaggedNoTempLeft() throws Exception {
        String reference = fixture.reference(ManifestFormat.OCI);
        podman.podman("image", "rm", "--force", reference);
        String before = podman.podman("images", "--all", "--quiet", "--no-trunc").requireSuccess().stdout();
        Set<String> varTmpBefore = podmanTemps();
        AtomicInteger done = new AtomicInteger();
        PullListener failSecondBlob = new PullListener() {
            @Override
            public void blobDone(Descriptor blob, boolean reused,
                                 Duration took) {
                if (done.incrementAndGet() == 2) {
                    throw new IllegalStateException("the build was aborted");
                }
            }
        };

        assertThatThrownBy(() -> fixture.pull(reference, "linux/amd64", tmp.resolve("fresh-store"), sink(),
                failSecondBlob)).hasMessageContaining("the build was aborted");

        assertThat(podman.podman("image", "exists", reference).exitCode()).isEqualTo(1);
        assertThat(podman.podman("images", "--all", "--quiet", "--no-trunc").requireSuccess().stdout())
                .isEqualTo(before);
        assertThat(podmanTemps()).isEqualTo(varTmpBefore); // podman saw the end of its input and cleaned up
        assertThat(ProcessHandle.current().descendants()
                .filter(p -> p.info().command().orElse("").endsWith("podman"))).isEmpty();
    }

    /** podman copies stdin to a temp file (in TMPDIR, else /var/tmp) before loading it. */
    private static Set<String> podmanTemps() throws IOException {
        Path dir = Path.of(System.getenv().getOrDefault("TMPDIR", "/var/tmp"));
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("podman"))
                    .collect(Collectors.toSet());
        }
    }

    @Test
    void testLoad_unusableStorage_saysWhatToCheck() throws Exception {
        Path notADirectory = Files.writeString(tmp.resolve("file"), "x");
        EngineLoadSink broken = new EngineLoadSink(ContainerEngine.podman(Podman.BINARY, notADirectory.resolve("root"),
                notADirectory.resolve("run"), "vfs"), fixture.json);
        assertThatThrownBy(() -> fixture.pull(fixture.reference(ManifestFormat.OCI), "linux/amd64",
                tmp.resolve("store"), broken))
                .isInstanceOf(ImageLoadException.class)
                .hasMessageContaining("podman load of " + fixture.reference(ManifestFormat.OCI) + " failed")
                .hasMessageContaining("not a directory")
                .hasMessageContaining("Check that '" + Podman.BINARY + "' works for this agent's user");
    }
}
