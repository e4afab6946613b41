package io.jenkins.registrypull.sink;

import io.jenkins.registrypull.json.JsonTrees;
import io.jenkins.registrypull.error.ImageLoadException;
import io.jenkins.registrypull.pull.PullListener;
import io.jenkins.registrypull.pull.PullResult;
import io.jenkins.registrypull.manifest.Descriptor;
import io.jenkins.registrypull.testkit.BuiltImage;
import io.jenkins.registrypull.testkit.DockerDaemon;
import io.jenkins.registrypull.testkit.ManifestFormat;
import io.jenkins.registrypull.testkit.Platform;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Pull straight into a private dockerd 20.10 (and through a docker-archive file), for amd64 and
 * arm64/v8 from an OCI index and a Docker manifest list, then check what docker says it has.
 */
class DockerLoadTest extends RealDockerTest {

    @TempDir
    Path tmp;

    private EngineLoadSink sink() throws Exception {
        return new EngineLoadSink(ContainerEngine.docker(DockerDaemon.CLIENT, docker.host()), fixture.json);
    }

    @ParameterizedTest
    @EnumSource(ManifestFormat.class)
    void testLoad_amd64AndArm64v8_idTagArchitecture(ManifestFormat format) throws Exception {
        String reference = fixture.reference(format);
        for (Platform platform : new Platform[] {Platform.LINUX_AMD64, Platform.LINUX_ARM64_V8}) {
            BuiltImage expected = fixture.index(format).image(platform);
            long started = System.nanoTime();
            PullResult result = fixture.pull(reference, platform.toString(), tmp.resolve("store"), sink());
            long took = System.nanoTime() - started;

            assertThat(result.imageId()).isEqualTo(expected.config().digest());
            assertThat(result.manifestDigest().toString()).isEqualTo(expected.manifestDigest());
            assertThat(result.indexDigest().toString()).isEqualTo(fixture.index(format).digest());
            assertThat(result.location()).isEqualTo("docker (" + docker.host() + ")");
            assertThat(result.verification()).anySatisfy(fact -> assertThat(fact).contains("= the config digest"));
            assertInDocker(reference, platform, expected);
            System.out.printf("pull + docker load of %s for %s: %d ms%n", reference, platform, took / 1_000_000);
        }
    }

    @Test
    void testLoad_warmStore_loadsWithoutDownloading() throws Exception {
        String reference = fixture.reference(ManifestFormat.OCI);
        fixture.pull(reference, "linux/amd64", tmp.resolve("store"), sink());
        docker.docker("image", "rm", "--force", reference).requireSuccess();

        long started = System.nanoTime();
        PullResult again = fixture.pull(reference, "linux/amd64", tmp.resolve("store"), sink());
        long took = System.nanoTime() - started;

        assertThat(again.bytesDownloaded()).isZero();
        assertThat(docker.inspect(reference, "{{.Id}}")).isEqualTo(again.configDigest().toString());
        System.out.printf("warm pull + docker load of %s: %d ms%n", reference, took / 1_000_000);
    }

    @Test
    void testLoad_digestReference_taggedWithTheDigestDerivedTag() throws Exception {
        BuiltImage expected = fixture.list.image(Platform.LINUX_ARM64_V8);
        String byDigest = fixture.registry.hostPort() + "/team/app@" + fixture.list.digest();
        docker.docker("image", "rm", "--force", expected.config().digest()); // other tests' tags on the same image

        PullResult result = fixture.pull(byDigest, "linux/arm64/v8", tmp.resolve("store"), sink());

        assertThat(result.imageId()).isEqualTo(expected.config().digest());
        String local = fixture.registry.hostPort() + "/team/app:digest-sha256-" + fixture.list.digest().substring(7);
        assertThat(result.localReference()).isEqualTo(local);
        assertThat(docker.inspect(result.imageId(), "{{json .RepoTags}} {{.Architecture}}"))
                .isEqualTo("[\"" + local + "\"] arm64");
    }

    @Test
    void testDockerArchiveFile_acceptedByDockerLoad() throws Exception {
        BuiltImage expected = fixture.oci.image(Platform.LINUX_ARM64_V8);
        String reference = fixture.registry.hostPort() + "/team/app:oci";
        Path archive = tmp.resolve("image.tar");
        docker.docker("image", "rm", "--force", reference);

        PullResult result = fixture.pull(reference, "linux/arm64/v8", tmp.resolve("store"),
                new DockerArchiveSink(archive, fixture.json));
        assertThat(result.location()).isEqualTo(archive.toString());

        assertThat(docker.docker("load", "--input", archive.toString()).requireSuccess().stdout())
                .contains("Loaded image: " + reference);
        assertThat(docker.inspect(reference, "{{.Id}} {{.Architecture}} {{.Variant}}"))
                .isEqualTo(expected.config().digest() + " arm64 v8");
    }

    @Test
    void testLoad_pullFailsHalfWay_nothingTaggedNoEngineLeft() throws Exception {
        String reference = fixture.registry.hostPort() + "/team/app:list";
        docker.docker("image", "rm", "--force", reference);
        String before = docker.docker("images", "--all", "--quiet", "--no-trunc").requireSuccess().stdout();
        AtomicInteger done = new AtomicInteger();
        PullListener failSecondBlob = new PullListener() {
            @Override
            public void blobDone(Descriptor blob, boolean reused, Duration took) {
                if (done.incrementAndGet() == 2) {
                    throw new IllegalStateException("the build was aborted");
                }
            }
        };

        assertThatThrownBy(() -> fixture.pull(reference, "linux/amd64", tmp.resolve("fresh-store"), sink(),
                failSecondBlob)).hasMessageContaining("the build was aborted");

        assertThat(docker.docker("image", "inspect", reference).exitCode()).isNotZero();
        assertThat(docker.docker("images", "--all", "--quiet", "--no-trunc").requireSuccess().stdout())
                .isEqualTo(before);
        assertThat(ProcessHandle.current().descendants()
                .filter(p -> p.info().command().orElse("").endsWith("docker"))).isEmpty();
    }

    @Test
    void testLoad_daemonNotRunning_saysWhatToCheck() throws Exception {
        String missing = "unix://" + tmp.resolve("no-daemon.sock");
        EngineLoadSink nowhere = new EngineLoadSink(ContainerEngine.docker(DockerDaemon.CLIENT, missing), fixture.json);
        assertThatThrownBy(() -> fixture.pull(fixture.reference(ManifestFormat.OCI), "linux/amd64",
                tmp.resolve("store"), nowhere))
                .isInstanceOf(ImageLoadException.class)
                .hasMessageContaining("docker load of " + fixture.reference(ManifestFormat.OCI) + " failed")
                .hasMessageContaining("Cannot connect to the Docker daemon")
                .hasMessageContaining("Check that the docker daemon at " + missing + " is running");
    }
}
