package io.jenkins.registrypull.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** Images pushed to the open-HTTP registry are valid for an independent client (skopeo). */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PushAndSkopeoTest {

    @AutoClose
    private final RegistryServer registry = RegistryServer.openHttp();
    @AutoClose
    private final RegistryPusher pusher = RegistryPusher.forRegistry(registry);
    @AutoClose
    private final Skopeo skopeo = new Skopeo(registry);

    @Test
    void testDockerSchema2_roundTripsExactly(@TempDir Path dir) throws Exception {
        BuiltImage image = TestImages.small(ManifestFormat.DOCKER, Platform.LINUX_AMD64);

        String digest = pusher.pushImage("team/docker", "1.0", image);

        assertThat(digest).isEqualTo(image.manifestDigest());
        assertThat(skopeo.inspectRaw("team/docker:1.0")).isEqualTo(image.manifestBytes());
        assertThat(skopeo.digest("team/docker:1.0")).isEqualTo(image.manifestDigest());
        skopeo.copyToOciLayout("team/docker:1.0", dir.resolve("layout"), "1.0", false);
        assertThat(dir.resolve("layout/oci-layout")).exists();
        assertThat(dir.resolve("layout/blobs/sha256/" + image.layers().get(0).blob().hex())).exists();
        skopeo.copyToDockerArchive("team/docker:1.0", dir.resolve("image.tar"));
        assertThat(Files.size(dir.resolve("image.tar"))).isPositive();
    }

    @Test
    void testOciManifest_roundTripsExactly(@TempDir Path dir) {
        BuiltImage image = new ImageBuilder(ManifestFormat.OCI, Platform.LINUX_AMD64)
                .layer(TestImages.baseLayer(Platform.LINUX_AMD64)).layer(TestImages.upperLayer()).indented().build();

        assertThat(pusher.pushImage("team/oci", "1.0", image)).isEqualTo(image.manifestDigest());
        assertThat(skopeo.inspectRaw("team/oci:1.0")).isEqualTo(image.manifestBytes());
        skopeo.copyToOciLayout("team/oci:1.0", dir.resolve("layout"), "1.0", false);
        skopeo.copyToDockerArchive("team/oci:1.0", dir.resolve("image.tar"));
    }

    @Test
    void testOciIndexAndDockerManifestList_copyAllPlatforms(@TempDir Path dir) throws Exception {
        for (ManifestFormat format : ManifestFormat.values()) {
            BuiltIndex index = TestImages.multiPlatform(format);
            String repository = "team/multi-" + format.name().toLowerCase();

            assertThat(pusher.pushIndex(repository, "1.0", index)).isEqualTo(index.digest());
            assertThat(skopeo.inspectRaw(repository + ":1.0")).isEqualTo(index.bytes());
            assertThat(skopeo.inspectRaw(repository + "@" + index.image(Platform.LINUX_ARM64_V8).manifestDigest()))
                    .isEqualTo(index.image(Platform.LINUX_ARM64_V8).manifestBytes());
            Path layout = dir.resolve(format.name());
            skopeo.copyToOciLayout(repository + ":1.0", layout, "1.0", true);
            for (BuiltImage image : index.images()) {
                assertThat(layout.resolve("blobs/sha256/" + image.layers().get(0).blob().hex())).exists();
            }
            if (format == ManifestFormat.OCI) {
                // a Docker manifest list is converted to an OCI index on the way into a layout; an OCI one is kept
                JsonNode layoutIndex = new ObjectMapper().readTree(layout.resolve("index.json").toFile());
                assertThat(layoutIndex.at("/manifests/0/digest").asText()).isEqualTo(index.digest());
                for (BuiltImage image : index.images()) {
                    assertThat(layout.resolve("blobs/sha256/" + image.manifest().hex())).exists();
                }
            }
        }
    }

    @Test
    void testLayerWithoutEndOfArchive_isAcceptedBySkopeo(@TempDir Path dir) {
        BuiltImage image = TestImages.withoutEndOfArchive(ManifestFormat.DOCKER);

        pusher.pushImage("quirks/no-eof", "1.0", image);

        skopeo.copyToOciLayout("quirks/no-eof:1.0", dir.resolve("layout"), "1.0", false);
        skopeo.copyToDockerArchive("quirks/no-eof:1.0", dir.resolve("image.tar"));
    }

    @Test
    void testBigImage_streamsFileBackedLayers(@TempDir Path dir) {
        BuiltImage image = TestImages.big(dir, ManifestFormat.OCI, 3, 2 * 1024 * 1024);

        assertThat(pusher.pushImage("bench/big", "small-sample", image)).isEqualTo(image.manifestDigest());
        assertThat(image.blobBytes()).isGreaterThan(6L * 1024 * 1024);
        skopeo.copyToOciLayout("bench/big:small-sample", dir.resolve("layout"), "x", false);
    }

    @Test
    void testPushBlob_skipsBlobsTheRepositoryHas() {
        Blob blob = Blob.of("some bytes".getBytes(java.nio.charset.StandardCharsets.UTF_8));

        assertThat(pusher.blobExists("team/blobs", blob.digest())).isFalse();
        pusher.pushBlob("team/blobs", blob);
        pusher.pushBlob("team/blobs", blob);
        assertThat(pusher.blobExists("team/blobs", blob.digest())).isTrue();
    }

    @Test
    void testDeleteManifest_thenTheTagIsGone() {
        BuiltImage image = TestImages.small(ManifestFormat.OCI, Platform.LINUX_ARM64_V8);
        pusher.pushImage("team/deleted", "1.0", image);

        pusher.deleteManifest("team/deleted", image.manifestDigest());

        CommandResult result = skopeo.run(List.of("inspect", "--raw", "--no-creds", "--tls-verify=false",
                skopeo.dockerReference("team/deleted:1.0")));
        assertThat(result.exitCode()).isNotZero();
        assertThat(result.stderr()).contains("manifest unknown");
    }

    @Test
    void testSchemaOne_refusedByDefault() {
        BuiltImage image = TestImages.small(ManifestFormat.DOCKER, Platform.LINUX_AMD64);
        image.blobs().forEach(blob -> pusher.pushBlob("legacy/app", blob));
        SchemaOneManifest manifest = SchemaOneManifest.sign("legacy/app", "old", Platform.LINUX_AMD64, image.layers());

        assertThatThrownBy(() -> pusher.pushManifest("legacy/app", "old", manifest.mediaType(), manifest.bytes()))
                .hasMessageContaining("got 500");
        assertThat(registry.logTail()).contains("manifest schema v1 unsupported");
    }

    @Test
    void testSchemaOne_acceptedWhenEnabled_signatureAndKidVerifiedByTheRegistry() throws Exception {
        try (RegistryServer legacy = RegistryServer.builder().schema1Enabled().start();
                RegistryPusher legacyPusher = RegistryPusher.forRegistry(legacy);
                Skopeo legacySkopeo = new Skopeo(legacy)) {
            BuiltImage image = TestImages.small(ManifestFormat.DOCKER, Platform.LINUX_AMD64);
            image.layers().forEach(layer -> legacyPusher.pushBlob("legacy/app", layer.blob()));
            SchemaOneManifest manifest = SchemaOneManifest.sign("legacy/app", "old", Platform.LINUX_AMD64,
                    image.layers());

            String digest = legacyPusher.pushManifest("legacy/app", "old", manifest.mediaType(), manifest.bytes());

            assertThat(digest).isEqualTo(manifest.digest());
            // the PUT verified our signature and kid; the registry stored the payload and re-signs it on GET
            ObjectMapper json = new ObjectMapper();
            com.fasterxml.jackson.databind.node.ObjectNode served =
                    (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(legacySkopeo.inspectRaw("legacy/app:old"));
            assertThat(served.at("/signatures/0/header/jwk/kid").asText()).isNotEqualTo(manifest.keyId());
            served.remove("signatures");
            assertThat(served).isEqualTo(json.readTree(manifest.payload()));
            assertThat(served.at("/fsLayers/0/blobSum").asText()).isEqualTo(image.layers().get(1).digest());
            assertThat(List.of(served.get("fsLayers").size(), served.get("history").size())).containsExactly(2, 2);
        }
    }
}
