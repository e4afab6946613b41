package io.jenkins.registrypull.sink;

import io.jenkins.registrypull.json.JsonTrees;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.registrypull.manifest.MediaType;
import io.jenkins.registrypull.testkit.BuiltImage;
import io.jenkins.registrypull.testkit.Layer;
import io.jenkins.registrypull.testkit.ManifestFormat;
import io.jenkins.registrypull.testkit.Platform;
import io.jenkins.registrypull.testkit.TestImages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The docker-archive tar, read back with commons-compress: entries, order, metadata, atomic output. */
class DockerArchiveSinkTest {

    private final ObjectMapper json = new ObjectMapper();

    @TempDir
    Path tmp;

    private Path write(BuiltImage built, String reference) throws Exception {
        Path file = tmp.resolve("out/image.tar");
        try (StoredImage image = new StoredImage(tmp.resolve("store"), built, reference);
             SinkSession session = new DockerArchiveSink(file, new JsonTrees()).open(image.resolved, image.store)) {
            image.feed(session);
            SinkResult result = session.commit();
            assertThat(result.location()).isEqualTo(file.toString());
            assertThat(result.imageId()).isNull();
        }
        return file;
    }

    @Test
    void testArchive_combinedLayout_blobsFirstMetadataLast() throws Exception {
        BuiltImage built = TestImages.small(ManifestFormat.OCI, Platform.LINUX_ARM64_V8);
        Map<String, byte[]> entries = TarEntries.read(write(built, "127.0.0.1:5000/team/app:1.2"));

        String manifestBlob = "blobs/sha256/" + built.manifest().hex();
        String config = "blobs/sha256/" + built.config().hex();
        String lower = "blobs/sha256/" + built.layers().get(0).blob().hex();
        String upper = "blobs/sha256/" + built.layers().get(1).blob().hex();
        assertThat(entries.keySet()).containsExactly("blobs/", "blobs/sha256/", manifestBlob, upper, lower, config,
                "oci-layout", "index.json", "repositories", "manifest.json");
        assertThat(entries.get(manifestBlob)).isEqualTo(built.manifestBytes());
        assertThat(entries.get(config)).isEqualTo(built.configBytes());
        assertThat(entries.get(lower)).isEqualTo(built.layers().get(0).blob().bytes()); // still gzip, as served
        assertThat(entries.get(upper)).isEqualTo(built.layers().get(1).blob().bytes());
        assertThat(json.readTree(entries.get("oci-layout")).get("imageLayoutVersion").asText()).isEqualTo("1.0.0");

        JsonNode manifestJson = json.readTree(entries.get("manifest.json"));
        assertThat(manifestJson).hasSize(1);
        assertThat(manifestJson.get(0).get("Config").asText()).isEqualTo(config);
        assertThat(manifestJson.get(0).get("RepoTags")).extracting(JsonNode::asText)
                .containsExactly("127.0.0.1:5000/team/app:1.2");
        assertThat(manifestJson.get(0).get("Layers")).extracting(JsonNode::asText).containsExactly(lower, upper);

        JsonNode index = json.readTree(entries.get("index.json"));
        assertThat(index.get("mediaType").asText()).isEqualTo(MediaType.OCI_INDEX);
        JsonNode entry = index.get("manifests").get(0);
        assertThat(entry.get("digest").asText()).isEqualTo(built.manifestDigest());
        assertThat(entry.get("mediaType").asText()).isEqualTo(MediaType.OCI_MANIFEST);
        assertThat(entry.get("size").asLong()).isEqualTo(built.manifestBytes().length);
        assertThat(entry.at("/annotations/io.containerd.image.name").asText()).isEqualTo("127.0.0.1:5000/team/app:1.2");
        assertThat(entry.at("/annotations/org.opencontainers.image.ref.name").asText()).isEqualTo("1.2");
        assertThat(entry.at("/platform/architecture").asText()).isEqualTo("arm64");
        assertThat(entry.at("/platform/variant").asText()).isEqualTo("v8");

        Layer top = built.layers().get(1);
        assertThat(json.readTree(entries.get("repositories")).at("/127.0.0.1:5000~1team~1app/1.2").asText())
                .isEqualTo(top.diffId().substring("sha256:".length()));
    }

    @Test
    void testArchive_dockerHubReferences_shortRepoTagsFullAnnotation() throws Exception {
        BuiltImage built = TestImages.small(ManifestFormat.DOCKER, Platform.LINUX_AMD64);
        Map<String, byte[]> official = TarEntries.read(write(built, "busybox:1"));
        assertThat(json.readTree(official.get("manifest.json")).at("/0/RepoTags/0").asText()).isEqualTo("busybox:1");
        assertThat(json.readTree(official.get("index.json")).at("/manifests/0/annotations/io.containerd.image.name")
                .asText()).isEqualTo("docker.io/library/busybox:1");
        assertThat(json.readTree(official.get("index.json")).at("/manifests/0/mediaType").asText())
                .isEqualTo(MediaType.DOCKER_MANIFEST);
        assertThat(json.readTree(official.get("repositories")).has("busybox")).isTrue();

        Map<String, byte[]> org = TarEntries.read(write(built, "docker.io/acme/app:2"));
        assertThat(json.readTree(org.get("manifest.json")).at("/0/RepoTags/0").asText()).isEqualTo("acme/app:2");
    }

    @Test
    void testArchive_digestReference_taggedWithTheDigestDerivedTag() throws Exception {
        BuiltImage built = TestImages.small(ManifestFormat.OCI, Platform.LINUX_AMD64);
        Map<String, byte[]> entries = TarEntries.read(write(built, "127.0.0.1:5000/team/app@" + built.manifestDigest()));
        String tag = "digest-sha256-" + built.manifestDigest().substring("sha256:".length());
        assertThat(json.readTree(entries.get("manifest.json")).at("/0/RepoTags/0").asText())
                .isEqualTo("127.0.0.1:5000/team/app:" + tag);
        assertThat(json.readTree(entries.get("repositories")).at("/127.0.0.1:5000~1team~1app").has(tag)).isTrue();
        assertThat(json.readTree(entries.get("index.json")).at("/manifests/0/annotations/org.opencontainers.image.ref.name")
                .asText()).isEqualTo(tag);
    }

    @Test
    void testArchive_tagAndDigestReference_taggedWithTheTag() throws Exception {
        BuiltImage built = TestImages.small(ManifestFormat.OCI, Platform.LINUX_AMD64);
        Map<String, byte[]> entries = TarEntries.read(write(built,
                "127.0.0.1:5000/team/app:1.2@" + built.manifestDigest()));
        assertThat(json.readTree(entries.get("manifest.json")).at("/0/RepoTags/0").asText())
                .isEqualTo("127.0.0.1:5000/team/app:1.2");
    }

    @Test
    void testArchive_abort_keepsThePreviousFileAndNoTemp() throws Exception {
        BuiltImage built = TestImages.small(ManifestFormat.OCI, Platform.LINUX_AMD64);
        Path file = write(TestImages.small(ManifestFormat.OCI, Platform.LINUX_ARM64_V8), "127.0.0.1:5000/team/app:0");
        byte[] previous = Files.readAllBytes(file);
        try (StoredImage image = new StoredImage(tmp.resolve("store"), built, "127.0.0.1:5000/team/app:1");
             SinkSession session = new DockerArchiveSink(file, new JsonTrees()).open(image.resolved, image.store)) {
            session.accept(image.resolved.manifest().config(), image.store.pathOf(image.resolved.manifest().config()
                    .digest()));
            try (Stream<Path> files = Files.list(file.getParent())) {
                assertThat(files).hasSize(2); // the file and the hidden temp
            }
        }
        assertThat(file).hasBinaryContent(previous);
        try (Stream<Path> files = Files.list(file.getParent())) {
            assertThat(files).containsExactly(file);
        }
    }

    @Test
    void testArchive_commitReplacesTheFile() throws Exception {
        Path file = write(TestImages.small(ManifestFormat.OCI, Platform.LINUX_ARM64_V8), "127.0.0.1:5000/team/app:0");
        write(TestImages.small(ManifestFormat.OCI, Platform.LINUX_AMD64), "127.0.0.1:5000/team/app:1");
        assertThat(json.readTree(TarEntries.read(file).get("manifest.json")).at("/0/RepoTags/0").asText())
                .isEqualTo("127.0.0.1:5000/team/app:1");
        try (Stream<Path> files = Files.list(file.getParent())) {
            assertThat(files).containsExactly(file);
        }
    }

    @Test
    void testArchive_missingBlob_notCommitted() throws Exception {
        BuiltImage built = TestImages.small(ManifestFormat.OCI, Platform.LINUX_AMD64);
        Path file = tmp.resolve("out/image.tar");
        try (StoredImage image = new StoredImage(tmp.resolve("store"), built, "127.0.0.1:5000/team/app:1");
             SinkSession session = new DockerArchiveSink(file, new JsonTrees()).open(image.resolved, image.store)) {
            session.accept(image.resolved.manifest().config(), image.store.pathOf(image.resolved.manifest().config()
                    .digest()));
            assertThatThrownBy(session::commit).isInstanceOf(IOException.class).hasMessageContaining("lacks blobs");
        }
        assertThat(file).doesNotExist();
        assertThat(file.getParent()).as("the directory the failed pull created").doesNotExist();
        assertThat(tmp.resolve("store")).exists();
    }

    @Test
    void testArchive_outputIsADirectory_refused() throws Exception {
        Files.createDirectories(tmp.resolve("out"));
        BuiltImage built = TestImages.small(ManifestFormat.OCI, Platform.LINUX_AMD64);
        try (StoredImage image = new StoredImage(tmp.resolve("store"), built, "127.0.0.1:5000/team/app:1")) {
            assertThatThrownBy(() -> new DockerArchiveSink(tmp.resolve("out"), new JsonTrees()).open(image.resolved,
                    image.store))
                    .hasMessageContaining("is a directory");
        }
    }

    @Test
    void testRepoTag_forms() throws Exception {
        assertThat(DockerArchiveWriter.repoTag(io.jenkins.registrypull.reference.ImageReference.parse("ubuntu")))
                .isEqualTo("ubuntu:latest");
        assertThat(DockerArchiveWriter.repoTag(io.jenkins.registrypull.reference.ImageReference.parse(
                "localhost:5000/library/x:1"))).isEqualTo("localhost:5000/library/x:1");
        assertThat(DockerArchiveWriter.repoTag(io.jenkins.registrypull.reference.ImageReference.parse(
                "docker.io/library/a/b:1"))).isEqualTo("library/a/b:1");
        assertThat(DockerArchiveWriter.fullTag(io.jenkins.registrypull.reference.ImageReference.parse("ubuntu:22.04")))
                .isEqualTo("docker.io/library/ubuntu:22.04");
        assertThat(List.of(DockerArchiveWriter.familiarName(io.jenkins.registrypull.reference.ImageReference.parse(
                "quay.io/org/app:1")))).containsExactly("quay.io/org/app");
    }
}
