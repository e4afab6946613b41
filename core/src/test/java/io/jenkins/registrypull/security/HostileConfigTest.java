package io.jenkins.registrypull.security;

import io.jenkins.registrypull.json.JsonTrees;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.registrypull.error.InvalidInputException;
import io.jenkins.registrypull.api.PullEngine;
import io.jenkins.registrypull.pull.PullListener;
import io.jenkins.registrypull.pull.PullOptions;
import io.jenkins.registrypull.pull.PullResult;
import io.jenkins.registrypull.error.RegistryException;
import io.jenkins.registrypull.error.UnsupportedManifestException;
import io.jenkins.registrypull.manifest.MediaType;
import io.jenkins.registrypull.sink.DockerArchiveSink;
import io.jenkins.registrypull.sink.OciLayoutSink;
import io.jenkins.registrypull.sink.Sink;
import io.jenkins.registrypull.testing.MockRegistry;
import io.jenkins.registrypull.testkit.Blob;
import io.jenkins.registrypull.testkit.BuiltImage;
import io.jenkins.registrypull.testkit.CommandResult;
import io.jenkins.registrypull.testkit.HostileImages;
import io.jenkins.registrypull.testkit.ManifestFormat;
import io.jenkins.registrypull.testkit.Platform;
import io.jenkins.registrypull.testkit.RegistryPusher;
import io.jenkins.registrypull.testkit.RegistryServer;
import io.jenkins.registrypull.testkit.Skopeo;
import io.jenkins.registrypull.testkit.TestImages;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Issue 17, items 3, 4 and 7: config blobs a hostile registry serves, pushed to the real registry as crafted
 * ({@link HostileImages}), and digests in uppercase hex, which the real registry refuses to store, from the
 * loopback {@link MockRegistry}. Each failing case ends in a clear {@link RegistryException} and an output that
 * names no image: a fresh directory is gone, an existing layout keeps its index byte for byte, skopeo cannot copy
 * the image out of it, and a docker-archive (and the directories made for it) does not exist.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileConfigTest {

    private static final int CAP = 4 * 1024 * 1024;
    private static final Map<String, Blob> CONFIGS = Map.of(
            "not-json", HostileImages.notJson(),
            "bomb", HostileImages.nestingBomb(100_000),
            "bomb-65", HostileImages.nestingBomb(65),
            "bad-diff-id", HostileImages.badDiffIds("sha256:../../etc/passwd"),
            "upper-diff-id", HostileImages.badDiffIds("sha256:" + "AB".repeat(32)),
            "number-diff-id", HostileImages.badDiffIds("sha256:1"),
            "too-big", HostileImages.paddedConfig(CAP + 1L),
            "too-big-50m", HostileImages.paddedConfig(50L * 1024 * 1024));

    private final ObjectMapper json = new ObjectMapper();
    private final PullEngine engine = new PullEngine();
    private RegistryServer registry;

    @TempDir
    Path tmp;

    @BeforeAll
    void push() {
        registry = RegistryServer.openHttp();
        try (RegistryPusher pusher = RegistryPusher.forRegistry(registry)) {
            CONFIGS.forEach((tag, config) -> pusher.pushImage("hostile/app", tag,
                    HostileImages.withConfig(ManifestFormat.OCI, config)));
            pusher.pushImage("hostile/app", "at-cap", HostileImages.withConfig(ManifestFormat.OCI,
                    HostileImages.paddedConfig(CAP)));
            pusher.pushImage("hostile/app", "wide", HostileImages.withConfig(ManifestFormat.OCI,
                    HostileImages.wideArray(2_000_000)));
            pusher.pushImage("hostile/app", "bomb-64", HostileImages.withConfig(ManifestFormat.OCI,
                    HostileImages.nestingBomb(63))); // 63 arrays inside the top object: 64 levels
            pusher.pushImage("hostile/app", "good", TestImages.small(ManifestFormat.OCI, Platform.LINUX_AMD64));
        }
    }

    @AfterAll
    void stop() {
        engine.close();
        registry.close();
    }

    private PullResult pull(String tag, Sink sink) throws Exception {
        return engine.pull(PullOptions.builder().image(registry.hostPort() + "/hostile/app:" + tag).insecure(true)
                .storeDir(tmp.resolve("store")).sink(sink).build(), PullListener.NONE);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "not-json       | is not valid JSON",
            "bomb           | its JSON nests deeper than 64 levels",
            "bomb-65        | its JSON nests deeper than 64 levels",
            "bad-diff-id    | lists an invalid layer diff_id (sha256:../../etc/passwd)",
            "upper-diff-id  | lists an invalid layer diff_id (sha256:ABAB",
            "number-diff-id | lists an invalid layer diff_id (sha256:1)",
            "too-big        | is 4194305 bytes, more than the 4 MiB accepted",
            "too-big-50m    | is 52428800 bytes, more than the 4 MiB accepted",
    })
    void testHostileConfig_failsBeforeTheCommit_noImageInTheOutput(String tag, String message) throws Exception {
        String reference = registry.hostPort() + "/hostile/app:" + tag;

        // a fresh directory (and parents made for it): nothing is left at all
        Path fresh = tmp.resolve("fresh-" + tag).resolve("a/b");
        assertThatThrownBy(() -> pull(tag, new OciLayoutSink(fresh, null, new JsonTrees())))
                .isInstanceOf(UnsupportedManifestException.class)
                .hasMessageStartingWith("The config blob of " + reference)
                .hasMessageContaining(message)
                .hasMessageContaining("Nothing was written")
                .hasMessageNotContaining("OutOfMemory");
        assertThat(tmp.resolve("fresh-" + tag)).doesNotExist();

        // an existing layout holding another image: its index is untouched, and names nothing new
        Path layout = tmp.resolve("layout-" + tag);
        pull("good", new OciLayoutSink(layout, "good", new JsonTrees()));
        byte[] index = Files.readAllBytes(layout.resolve("index.json"));
        assertThatThrownBy(() -> pull(tag, new OciLayoutSink(layout, tag, new JsonTrees())))
                .isInstanceOf(UnsupportedManifestException.class).hasMessageContaining(message);
        assertThat(layout.resolve("index.json")).hasBinaryContent(index);
        try (Skopeo skopeo = new Skopeo(registry)) {
            CommandResult copy = skopeo.run(List.of("--insecure-policy", "copy", "oci:" + layout + ":" + tag,
                    "oci:" + tmp.resolve("copy-" + tag) + ":x"));
            assertThat(copy.exitCode()).as("skopeo copy of the failed image: %s", copy.stderr()).isNotZero();
            skopeo.run(List.of("--insecure-policy", "copy", "oci:" + layout + ":good",
                    "oci:" + tmp.resolve("copy-good-" + tag) + ":x")).requireSuccess();
        }

        // a docker-archive in directories the pull would create: neither file nor directories remain
        Path archive = tmp.resolve("archive-" + tag).resolve("a/b/image.tar");
        assertThatThrownBy(() -> pull(tag, new DockerArchiveSink(archive, new JsonTrees())))
                .isInstanceOf(UnsupportedManifestException.class).hasMessageContaining(message);
        assertThat(tmp.resolve("archive-" + tag)).doesNotExist();
    }

    @Test
    void testTooBigConfig_refusedByItsDescriptor_neverFetched() throws Exception {
        try (Skopeo skopeo = new Skopeo(registry)) {
            assertThat(skopeo.digest("hostile/app:too-big-50m")).isNotEmpty(); // the registry does serve it
            // the cross-check: skopeo (containers/image) refuses such a config too, with the same 4 MiB cap
            CommandResult theirs = skopeo.run(List.of("--insecure-policy", "copy", "--src-no-creds",
                    "--src-tls-verify=false", skopeo.dockerReference("hostile/app:too-big"),
                    "oci:" + tmp.resolve("skopeo-big") + ":x"));
            assertThat(theirs.exitCode()).isNotZero();
            assertThat(theirs.stderr()).contains("exceeded maximum allowed size of " + CAP + " bytes");
        }
        Path store = tmp.resolve("store-big");
        assertThatThrownBy(() -> engine.pull(PullOptions.builder().image(registry.hostPort() + "/hostile/app:too-big-50m")
                .insecure(true).storeDir(store).sink(new OciLayoutSink(tmp.resolve("big"), null, new JsonTrees()))
                        .build(),
                PullListener.NONE)).isInstanceOf(UnsupportedManifestException.class);
        try (var blobs = Files.walk(store.resolve("blobs"))) {
            assertThat(blobs.filter(Files::isRegularFile).map(p -> p.toFile().length()))
                    .as("only the manifest was fetched").allMatch(size -> size < 4096);
        }
    }

    @Test
    void testTwoGigabyteConfig_refusedBeforeAnyBlobRequest() throws Exception {
        // the 2.2 GB config of the attack, announced by a loopback fake: refused by its descriptor, no blob GET
        try (MockRegistry fake = MockRegistry.http()) {
            BuiltImage small = TestImages.small(ManifestFormat.OCI, Platform.LINUX_AMD64);
            String manifest = new String(small.manifestBytes(), StandardCharsets.UTF_8)
                    .replace("\"size\":" + small.config().size() + ",", "\"size\":2361393152,");
            assertThat(manifest).contains("2361393152");
            fake.putManifest("team/app", "1", MediaType.OCI_MANIFEST, manifest.getBytes(StandardCharsets.UTF_8));
            Path out = tmp.resolve("huge");
            assertThatThrownBy(() -> engine.pull(PullOptions.builder().image(fake.hostPort() + "/team/app:1")
                    .insecure(true).storeDir(tmp.resolve("store-huge")).sink(new OciLayoutSink(out, null,
                            new JsonTrees()))
                    .build(), PullListener.NONE))
                    .isInstanceOf(UnsupportedManifestException.class)
                    .hasMessageContaining("is 2361393152 bytes, more than the 4 MiB accepted");
            assertThat(fake.count("/v2/team/app/blobs/")).isZero();
            assertThat(out).doesNotExist();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"at-cap", "wide", "bomb-64"})
    void testBigButValidConfigs_pulled(String tag) throws Exception {
        Path out = tmp.resolve("ok-" + tag);
        PullResult result = pull(tag, new OciLayoutSink(out, tag, new JsonTrees()));
        assertThat(result.platform().toString()).isEqualTo("linux/amd64");
        try (Skopeo skopeo = new Skopeo(registry)) {
            skopeo.run(List.of("--insecure-policy", "copy", "oci:" + out + ":" + tag,
                    "oci:" + tmp.resolve("ok-copy-" + tag) + ":x")).requireSuccess();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"config", "layer"})
    void testUppercaseDigestInAManifest_refused(String which) throws Exception {
        try (MockRegistry fake = MockRegistry.http()) {
            BuiltImage small = TestImages.small(ManifestFormat.OCI, Platform.LINUX_AMD64);
            fake.putManifest("team/app", "1", MediaType.OCI_MANIFEST,
                    HostileImages.uppercaseDigestManifest(small, which));
            Path out = tmp.resolve("upper-" + which);
            assertThatThrownBy(() -> engine.pull(PullOptions.builder().image(fake.hostPort() + "/team/app:1")
                    .insecure(true).storeDir(tmp.resolve("store-upper")).sink(new OciLayoutSink(out, null,
                            new JsonTrees()))
                    .build(), PullListener.NONE))
                    .isInstanceOf(UnsupportedManifestException.class)
                    .hasMessageContaining("its hex has uppercase letters, and OCI digests are lowercase");
            assertThat(fake.count("/v2/team/app/blobs/")).isZero();
            assertThat(out).doesNotExist();
        }
    }

    @Test
    void testUppercaseDigestInAnIndexEntry_refused() throws Exception {
        try (MockRegistry fake = MockRegistry.http()) {
            BuiltImage small = TestImages.small(ManifestFormat.OCI, Platform.LINUX_AMD64);
            String index = "{\"schemaVersion\":2,\"mediaType\":\"" + MediaType.OCI_INDEX + "\",\"manifests\":[{"
                    + "\"mediaType\":\"" + MediaType.OCI_MANIFEST + "\",\"digest\":\"sha256:"
                    + small.manifest().hex().toUpperCase() + "\",\"size\":" + small.manifest().size()
                    + ",\"platform\":{\"os\":\"linux\",\"architecture\":\"amd64\"}}]}";
            fake.putManifest("team/app", "1", MediaType.OCI_INDEX, index.getBytes(StandardCharsets.UTF_8));
            assertThatThrownBy(() -> engine.pull(PullOptions.builder().image(fake.hostPort() + "/team/app:1")
                    .insecure(true).storeDir(tmp.resolve("store-upper-index"))
                    .sink(new OciLayoutSink(tmp.resolve("upper-index"), null, new JsonTrees())).build(),
                            PullListener.NONE))
                    .isInstanceOf(UnsupportedManifestException.class)
                    .hasMessageContaining("uppercase letters");
        }
    }

    @Test
    void testUppercaseDigestInTheReferenceOrExpectedDigest_refusedBeforeAnyRequest() throws Exception {
        try (MockRegistry fake = MockRegistry.http()) {
            String upper = "sha256:" + "AB".repeat(32);
            assertThatThrownBy(() -> PullOptions.builder().image(fake.hostPort() + "/team/app@" + upper))
                    .isInstanceOf(InvalidInputException.class).hasMessageContaining("uppercase letters");
            assertThatThrownBy(() -> PullOptions.builder().expectedDigest(upper))
                    .isInstanceOf(InvalidInputException.class).hasMessageStartingWith("digest: ")
                    .hasMessageContaining("uppercase letters");
            assertThat(fake.requests).isEmpty();
        }
    }

    @Test
    void testConflictingPins_refusedBeforeAnyRequest() throws Exception {
        try (MockRegistry fake = MockRegistry.http()) {
            String a = "sha256:" + "a".repeat(64);
            String b = "sha256:" + "b".repeat(64);
            assertThatThrownBy(() -> PullOptions.builder().image(fake.hostPort() + "/team/app@" + a).expectedDigest(b)
                    .sink(new OciLayoutSink(tmp.resolve("pins"), null, new JsonTrees())).build())
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessage("digest: the reference pins " + a + " but the expected digest is " + b
                            + "; give one digest, or the same in both");
            PullOptions same = PullOptions.builder().image(fake.hostPort() + "/team/app@" + a).expectedDigest(a)
                    .sink(new OciLayoutSink(tmp.resolve("pins"), null, new JsonTrees())).build();
            assertThat(same.expectedDigest().toString()).isEqualTo(a);
            assertThat(fake.requests).isEmpty();
        }
    }

    @Test
    void testCleanImage_stillPulls_andIndexIsWrittenLast() throws Exception {
        Path out = tmp.resolve("clean");
        pull("good", new OciLayoutSink(out, "good", new JsonTrees()));
        JsonNode index = json.readTree(out.resolve("index.json").toFile());
        assertThat(index.path("manifests")).hasSize(1);
        try (var names = Files.list(out)) {
            assertThat(names.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("blobs", "oci-layout",
                    "index.json");
        }
    }
}
