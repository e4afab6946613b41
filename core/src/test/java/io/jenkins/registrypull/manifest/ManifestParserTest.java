package io.jenkins.registrypull.manifest;

import io.jenkins.registrypull.json.JsonTrees;
import io.jenkins.registrypull.error.UnsupportedManifestException;
import io.jenkins.registrypull.testing.TinyImage;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ManifestParserTest {

    private final ManifestParser parser = new ManifestParser(new JsonTrees());

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void testParse_dockerSchema2() throws Exception {
        TinyImage image = new TinyImage(3, 3, 10, MediaType.DOCKER_MANIFEST);
        ImageManifest m = (ImageManifest) parser.parse(image.manifest, null, "x");
        assertThat(m.mediaType()).isEqualTo(MediaType.DOCKER_MANIFEST);
        assertThat(m.layers()).hasSize(3).allSatisfy(l -> assertThat(l.size()).isEqualTo(10));
        assertThat(m.config().mediaType()).isEqualTo(MediaType.DOCKER_CONFIG);
        assertThat(m.blobs()).hasSize(4).first().isEqualTo(m.config());
        assertThat(m.totalSize()).isEqualTo(30 + image.config.length);
    }

    @Test
    void testParse_ociWithoutMediaTypeField_inferredFromShape() throws Exception {
        String d = "\"digest\":\"sha256:" + "a".repeat(64) + "\",\"size\":1";
        ParsedManifest m = parser.parse(utf8("{\"schemaVersion\":2,\"config\":{\"mediaType\":\"x\"," + d
                + "},\"layers\":[]}"), "application/octet-stream", "x");
        assertThat(m.mediaType()).isEqualTo(MediaType.OCI_MANIFEST);
        ParsedManifest i = parser.parse(utf8("{\"schemaVersion\":2,\"manifests\":[]}"), null, "x");
        assertThat(i).isInstanceOf(ImageIndex.class);
    }

    @Test
    void testParse_bodyMediaTypeWinsOverHeader() throws Exception {
        TinyImage image = new TinyImage(3, 1, 10, MediaType.OCI_MANIFEST);
        assertThat(parser.parse(image.manifest, MediaType.DOCKER_MANIFEST, "x").mediaType())
                .isEqualTo(MediaType.OCI_MANIFEST);
    }

    @Test
    void testParse_indexWithPlatforms() throws Exception {
        TinyImage amd = new TinyImage(1, 1, 10, MediaType.OCI_MANIFEST);
        TinyImage arm = new TinyImage(2, 1, 10, MediaType.OCI_MANIFEST, "arm64", "v8");
        ImageIndex index = (ImageIndex) parser.parse(TinyImage.index(MediaType.OCI_INDEX, List.of(amd, arm),
                List.of("linux/amd64", "linux/arm64/v8")), MediaType.OCI_INDEX, "x");
        assertThat(index.manifests()).extracting(Descriptor::platform)
                .containsExactly(Platform.of("linux", "amd64", null), Platform.of("linux", "arm64", "v8"));
    }

    @Test
    void testParse_schema1Refused_withWhatToDo() {
        assertThatThrownBy(() -> parser.parse(utf8("{\"schemaVersion\":1,\"name\":\"a\",\"fsLayers\":[]}"),
                MediaType.DOCKER_SCHEMA1_SIGNED, "reg/app:old"))
                .isInstanceOf(UnsupportedManifestException.class)
                .hasMessageContaining("Docker schema 1")
                .hasMessageContaining("Re-push the image");
    }

    @Test
    void testParse_invalid() {
        String good = "\"digest\":\"sha256:" + "a".repeat(64) + "\",\"size\":1";
        assertThatThrownBy(() -> parser.parse(utf8("not json"), null, "x")).hasMessageContaining("not valid JSON");
        assertThatThrownBy(() -> parser.parse(utf8("[]"), null, "x")).hasMessageContaining("not a JSON object");
        assertThatThrownBy(() -> parser.parse(utf8("{\"schemaVersion\":3}"), null, "x"))
                .hasMessageContaining("schemaVersion 3");
        assertThatThrownBy(() -> parser.parse(utf8("{\"schemaVersion\":2,\"mediaType\":\"" + MediaType.OCI_MANIFEST
                + "\",\"layers\":[]}"), null, "x")).hasMessageContaining("no config");
        assertThatThrownBy(() -> parser.parse(utf8("{\"schemaVersion\":2,\"config\":{\"mediaType\":\"x\","
                + "\"digest\":\"sha256:../../x\",\"size\":1},\"layers\":[]}"), null, "x"))
                .hasMessageContaining("invalid or unsupported digest");
        assertThatThrownBy(() -> parser.parse(utf8("{\"schemaVersion\":2,\"config\":{\"mediaType\":\"x\"," + good
                .replace("\"size\":1", "\"size\":-1") + "},\"layers\":[]}"), null, "x"))
                .hasMessageContaining("valid mediaType, digest and size");
        assertThatThrownBy(() -> parser.parse(utf8("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.foo\"}"),
                null, "x")).hasMessageContaining("not an image");
    }

    @Test
    void testParse_layerCap() {
        String layer = "{\"mediaType\":\"l\",\"digest\":\"sha256:" + "b".repeat(64) + "\",\"size\":1}";
        String layers = String.join(",", java.util.Collections.nCopies(ManifestParser.MAX_LAYERS + 1, layer));
        assertThatThrownBy(() -> parser.parse(utf8("{\"schemaVersion\":2,\"config\":" + layer + ",\"layers\":["
                + layers + "]}"), null, "x"))
                .hasMessageContaining("more than the " + ManifestParser.MAX_LAYERS);
    }

    @Test
    void testSelect_platformAndError() throws Exception {
        TinyImage amd = new TinyImage(1, 1, 10, MediaType.OCI_MANIFEST);
        TinyImage arm = new TinyImage(2, 1, 10, MediaType.OCI_MANIFEST, "arm64", "v8");
        ImageIndex index = (ImageIndex) parser.parse(TinyImage.index(MediaType.OCI_INDEX, List.of(amd, arm),
                List.of("linux/amd64", "linux/arm64")), null, "x");
        assertThat(PlatformSelector.select(index, Platform.parse("linux/aarch64", "p"), "x").platform().architecture())
                .isEqualTo("arm64");
        assertThat(PlatformSelector.select(index, Platform.parse("linux/x86_64", "p"), "x").digest())
                .isEqualTo(index.manifests().get(0).digest());
        assertThatThrownBy(() -> PlatformSelector.select(index, Platform.parse("linux/s390x", "p"), "reg/app:1"))
                .hasMessageContaining("has no manifest for linux/s390x")
                .hasMessageContaining("it offers linux/amd64, linux/arm64/v8");
    }

    @Test
    void testSelect_skipsAttestations() throws Exception {
        String att = "{\"mediaType\":\"" + MediaType.OCI_MANIFEST + "\",\"digest\":\"sha256:" + "c".repeat(64)
                + "\",\"size\":5,\"platform\":{\"os\":\"unknown\",\"architecture\":\"unknown\"},"
                + "\"annotations\":{\"vnd.docker.reference.type\":\"attestation-manifest\"}}";
        ImageIndex index = (ImageIndex) parser.parse(utf8("{\"schemaVersion\":2,\"mediaType\":\"" + MediaType.OCI_INDEX
                + "\",\"manifests\":[" + att + "]}"), null, "x");
        assertThatThrownBy(() -> PlatformSelector.select(index, Platform.parse("linux/amd64", "p"), "x"))
                .hasMessageContaining("no platform-tagged manifests");
    }

    @Test
    void testParse_uppercaseDigests_refusedInManifestsAndIndexes() {
        String upper = "\"digest\":\"sha256:" + "A".repeat(64) + "\",\"size\":1";
        String lower = "\"digest\":\"sha256:" + "a".repeat(64) + "\",\"size\":1";
        for (String manifest : List.of(
                "{\"schemaVersion\":2,\"config\":{\"mediaType\":\"x\"," + upper + "},\"layers\":[]}",
                "{\"schemaVersion\":2,\"config\":{\"mediaType\":\"x\"," + lower + "},\"layers\":[{\"mediaType\":\"y\","
                        + upper + "}]}",
                "{\"schemaVersion\":2,\"manifests\":[{\"mediaType\":\"" + MediaType.OCI_MANIFEST + "\"," + upper + "}]}")) {
            assertThatThrownBy(() -> parser.parse(utf8(manifest), null, "reg.io/app:1"))
                    .isInstanceOf(UnsupportedManifestException.class)
                    .hasMessageContaining("references an invalid or unsupported digest (sha256:AAAA")
                    .hasMessageContaining("its hex has uppercase letters, and OCI digests are lowercase");
        }
    }
}
