package io.jenkins.registrypull.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageBuilderTest {

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void testTarLayer_hasEveryEntryKindAndRightDigests() throws IOException {
        Layer layer = TestImages.baseLayer(Platform.LINUX_AMD64);
        byte[] compressed = layer.blob().bytes();
        byte[] tar = gunzip(compressed);

        assertThat(layer.digest()).isEqualTo(Digests.sha256(compressed));
        assertThat(layer.size()).isEqualTo(compressed.length);
        assertThat(layer.diffId()).isEqualTo(Digests.sha256(tar));
        assertThat(layer.uncompressedSize()).isEqualTo(tar.length);

        List<TarArchiveEntry> entries = entries(tar);
        assertThat(entries).extracting(TarArchiveEntry::getName).containsExactly("bin/", "etc/", "etc/motd",
                "etc/platform", "etc/removed.conf", "bin/tool", "bin/tool-hardlink", "bin/tool-symlink");
        assertThat(entries.get(0).isDirectory()).isTrue();
        assertThat(entries.get(6).isLink()).isTrue();
        assertThat(entries.get(6).getLinkName()).isEqualTo("bin/tool");
        assertThat(entries.get(7).isSymbolicLink()).isTrue();
        assertThat(entries.get(7).getLinkName()).isEqualTo("tool");
        assertThat(entries.get(5).getMode() & 0777).isEqualTo(0755);
        assertThat(endsWithZeros(tar, 1024)).isTrue();

        assertThat(entries(gunzip(TestImages.upperLayer().blob().bytes())))
                .extracting(TarArchiveEntry::getName).contains("etc/.wh.removed.conf");
    }

    @Test
    void testTarLayer_isReproducible() {
        assertThat(TestImages.baseLayer(Platform.LINUX_AMD64).digest())
                .isEqualTo(TestImages.baseLayer(Platform.LINUX_AMD64).digest())
                .isNotEqualTo(TestImages.baseLayer(Platform.LINUX_ARM64_V8).digest());
    }

    @Test
    void testWithoutEndOfArchive_endsRightAfterTheLastEntry() throws IOException {
        Layer layer = TestImages.withoutEndOfArchive(ManifestFormat.OCI).layers().get(0);
        byte[] tar = gunzip(layer.blob().bytes());

        assertThat(layer.endOfArchive()).isFalse();
        assertThat(tar.length % 512).isZero();
        assertThat(endsWithZeros(tar, 512)).isFalse();
        assertThat(layer.diffId()).isEqualTo(Digests.sha256(tar));
        assertThat(entries(tar)).extracting(TarArchiveEntry::getName).containsExactly("data/", "data/no-eof.txt");
    }

    @Test
    void testRandomLayer_streamsToAFileWithRightDigests(@TempDir Path dir) throws IOException {
        long size = 3 * 1024 * 1024 + 7;
        Layer layer = RandomLayer.write(dir, size, 42);
        byte[] compressed = layer.blob().bytes();
        byte[] tar = gunzip(compressed);

        assertThat(layer.digest()).isEqualTo(Digests.sha256(compressed));
        assertThat(layer.diffId()).isEqualTo(Digests.sha256(tar));
        List<TarArchiveEntry> entries = entries(tar);
        assertThat(entries).hasSize(1);
        assertThat(entries.get(0).getSize()).isEqualTo(size);
        assertThat(layer.size()).as("random data is stored, not compressed").isGreaterThan(size);
        assertThat(RandomLayer.write(dir.resolve(".."), size, 42).digest()).isEqualTo(layer.digest());
        assertThat(RandomLayer.write(dir, size, 43).digest()).isNotEqualTo(layer.digest());
    }

    @Test
    void testDockerImage_configAndManifest() throws IOException {
        BuiltImage image = TestImages.small(ManifestFormat.DOCKER, Platform.LINUX_ARM64_V8);
        JsonNode config = json.readTree(image.configBytes());
        JsonNode manifest = json.readTree(image.manifestBytes());

        assertThat(config.get("architecture").asText()).isEqualTo("arm64");
        assertThat(config.get("os").asText()).isEqualTo("linux");
        assertThat(config.get("variant").asText()).isEqualTo("v8");
        assertThat(config.at("/rootfs/type").asText()).isEqualTo("layers");
        assertThat(config.at("/rootfs/diff_ids/0").asText()).isEqualTo(image.layers().get(0).diffId());
        assertThat(config.at("/rootfs/diff_ids/1").asText()).isEqualTo(image.layers().get(1).diffId());
        assertThat(config.get("history")).hasSize(2);

        assertThat(manifest.get("schemaVersion").asInt()).isEqualTo(2);
        assertThat(manifest.get("mediaType").asText()).isEqualTo(MediaTypes.DOCKER_MANIFEST);
        assertThat(manifest.at("/config/mediaType").asText()).isEqualTo(MediaTypes.DOCKER_CONFIG);
        assertThat(manifest.at("/config/digest").asText()).isEqualTo(image.config().digest());
        assertThat(manifest.at("/config/size").asLong()).isEqualTo(image.config().size());
        assertThat(manifest.at("/layers/0/mediaType").asText()).isEqualTo(MediaTypes.DOCKER_LAYER);
        assertThat(manifest.at("/layers/1/digest").asText()).isEqualTo(image.layers().get(1).digest());
        assertThat(image.manifestDigest()).isEqualTo(Digests.sha256(image.manifestBytes()));
    }

    @Test
    void testOciImage_mediaTypesAndNoVariantForAmd64() throws IOException {
        BuiltImage image = TestImages.small(ManifestFormat.OCI, Platform.LINUX_AMD64);
        JsonNode manifest = json.readTree(image.manifestBytes());

        assertThat(image.manifestMediaType()).isEqualTo(MediaTypes.OCI_MANIFEST);
        assertThat(manifest.at("/config/mediaType").asText()).isEqualTo(MediaTypes.OCI_CONFIG);
        assertThat(manifest.at("/layers/0/mediaType").asText()).isEqualTo(MediaTypes.OCI_LAYER);
        assertThat(json.readTree(image.configBytes()).has("variant")).isFalse();
    }

    @Test
    void testIndexes_listEveryPlatform() throws IOException {
        for (ManifestFormat format : ManifestFormat.values()) {
            BuiltIndex index = TestImages.multiPlatform(format);
            JsonNode node = json.readTree(index.bytes());

            assertThat(node.get("mediaType").asText()).isEqualTo(format.indexMediaType());
            assertThat(node.get("manifests")).hasSize(3);
            assertThat(node.at("/manifests/0/platform/architecture").asText()).isEqualTo("amd64");
            assertThat(node.at("/manifests/1/platform/architecture").asText()).isEqualTo("arm64");
            assertThat(node.at("/manifests/1/platform/variant").asText()).isEqualTo("v8");
            assertThat(node.at("/manifests/2/platform/variant").asText()).isEqualTo("v7");
            assertThat(node.at("/manifests/1/digest").asText())
                    .isEqualTo(index.image(Platform.LINUX_ARM64_V8).manifestDigest());
            assertThat(node.at("/manifests/1/mediaType").asText()).isEqualTo(format.manifestMediaType());
        }
    }

    @Test
    void testIndented_writesDockerStyleJson() {
        BuiltImage image = new ImageBuilder(ManifestFormat.DOCKER, Platform.LINUX_AMD64)
                .layer(TestImages.upperLayer()).indented().build();
        String manifest = new String(image.manifestBytes(), java.nio.charset.StandardCharsets.UTF_8);

        assertThat(manifest).startsWith("{\n   \"schemaVersion\": 2,\n");
    }

    private static byte[] gunzip(byte[] compressed) throws IOException {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(compressed))) {
            return in.readAllBytes();
        }
    }

    private static List<TarArchiveEntry> entries(byte[] tar) throws IOException {
        List<TarArchiveEntry> entries = new ArrayList<>();
        try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(tar))) {
            TarArchiveEntry entry;
            while ((entry = in.getNextEntry()) != null) {
                entries.add(entry);
            }
        }
        return entries;
    }

    private static boolean endsWithZeros(byte[] bytes, int count) {
        byte[] tail = Arrays.copyOfRange(bytes, bytes.length - count, bytes.length);
        return Arrays.equals(tail, new byte[count]);
    }
}
