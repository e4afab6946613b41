package io.jenkins.registrypull.security;

import io.jenkins.registrypull.json.JsonTrees;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.registrypull.error.InvalidInputException;
import io.jenkins.registrypull.api.PullEngine;
import io.jenkins.registrypull.pull.PullListener;
import io.jenkins.registrypull.pull.PullOptions;
import io.jenkins.registrypull.pull.PullResult;
import io.jenkins.registrypull.reference.Digest;
import io.jenkins.registrypull.sink.DockerArchiveSink;
import io.jenkins.registrypull.sink.OciLayoutSink;
import io.jenkins.registrypull.sink.Sink;
import io.jenkins.registrypull.testkit.BuiltImage;
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
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Issue 17, item 5: the output directory is untrusted (in Jenkins it is in the workspace, filled by the checkout).
 * Files planted there before a pull from the real registry: blobs with other bytes, symbolic links at the names
 * the engine writes, an unrelated {@code index.json}, {@code blobs} directories leading outside. Each ends in a
 * layout whose every blob hashes to its name (and skopeo copies), or in a refusal naming the file, with nothing
 * outside the directory touched.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileWorkspaceTest {

    private final ObjectMapper json = new ObjectMapper();
    private final PullEngine engine = new PullEngine();
    private final BuiltImage image = TestImages.small(ManifestFormat.OCI, Platform.LINUX_AMD64);
    private final BuiltImage other = TestImages.small(ManifestFormat.OCI, Platform.LINUX_ARM64_V8);
    private RegistryServer registry;

    @TempDir
    Path tmp;

    @BeforeAll
    void push() {
        registry = RegistryServer.openHttp();
        try (RegistryPusher pusher = RegistryPusher.forRegistry(registry)) {
            pusher.pushImage("team/app", "1", image);
        }
    }

    @AfterAll
    void stop() {
        engine.close();
        registry.close();
    }

    private PullResult pull(Sink sink) throws Exception {
        return engine.pull(PullOptions.builder().image(registry.hostPort() + "/team/app:1").insecure(true)
                .storeDir(tmp.resolve("store")).sink(sink).build(), PullListener.NONE);
    }

    private PullResult pullOci(Path out) throws Exception {
        return pull(new OciLayoutSink(out, null, new JsonTrees()));
    }

    private Path blob(Path layout, String digest) {
        return layout.resolve("blobs/sha256").resolve(digest.substring("sha256:".length()));
    }

    /** Every blob is a regular file that hashes to its name, index.json names the image, and skopeo copies it. */
    private void assertVerifiedLayout(Path layout) throws Exception {
        try (Stream<Path> files = Files.list(layout.resolve("blobs/sha256"))) {
            for (Path f : files.toList()) {
                assertThat(Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)).as("%s is a regular file", f).isTrue();
                assertThat(Digest.sha256(Files.readAllBytes(f)).hex()).as("content of %s", f)
                        .isEqualTo(f.getFileName().toString());
            }
        }
        assertThat(Files.isRegularFile(layout.resolve("index.json"), LinkOption.NOFOLLOW_LINKS)).isTrue();
        JsonNode index = json.readTree(layout.resolve("index.json").toFile());
        assertThat(index.at("/manifests/0/digest").asText()).isEqualTo(image.manifestDigest());
        try (Skopeo skopeo = new Skopeo(registry)) {
            Path copy = Files.createTempDirectory(tmp, "copy");
            skopeo.run(List.of("--insecure-policy", "copy", "oci:" + layout + ":1", "oci:" + copy + ":x"))
                    .requireSuccess();
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"zeros of the same size", "8 bytes", "another layer's tar", "a symlink to the store",
            "a symlink to a file outside", "a FIFO"})
    void testPlantedBlob_replacedByTheVerifiedOne(String planted) throws Exception {
        Path out = tmp.resolve("planted-" + planted.replace(' ', '-').replace("'", ""));
        String layer = image.layers().get(0).digest();
        Path target = blob(out, layer);
        Files.createDirectories(target.getParent());
        Path outside = tmp.resolve("outside-" + out.getFileName());
        Files.writeString(outside, "outside, must stay");
        switch (planted) {
            case "zeros of the same size" -> Files.write(target, new byte[(int) image.layers().get(0).size()]);
            case "8 bytes" -> Files.write(target, new byte[8]);
            case "another layer's tar" -> Files.write(target, other.layers().get(0).blob().bytes());
            case "a symlink to the store" -> {
                pullOci(tmp.resolve("warm")); // the store now holds the layer
                Files.createSymbolicLink(target, tmp.resolve("store/blobs/sha256").resolve(target.getFileName()));
            }
            case "a symlink to a file outside" -> Files.createSymbolicLink(target, outside);
            case "a FIFO" -> new ProcessBuilder("mkfifo", target.toString()).start().waitFor();
            default -> throw new IllegalArgumentException(planted);
        }

        PullResult result = pullOci(out);

        assertVerifiedLayout(out);
        assertThat(outside).hasContent("outside, must stay");
        assertThat(result.verification()).anySatisfy(f -> assertThat(f).contains("1 file(s) already in " + out
                + "/blobs did not hash to their names and were replaced by the verified blobs"));
    }

    @Test
    void testVerifiedBlobAlreadyThere_kept() throws Exception {
        Path out = tmp.resolve("kept");
        pullOci(out);
        Path layer = blob(out, image.layers().get(1).digest());
        Object inode = Files.readAttributes(layer, java.nio.file.attribute.BasicFileAttributes.class).fileKey();
        PullResult again = pullOci(out);
        assertThat(Files.readAttributes(layer, java.nio.file.attribute.BasicFileAttributes.class).fileKey())
                .isEqualTo(inode);
        assertThat(again.verification()).noneSatisfy(f -> assertThat(f).contains("replaced"));
        assertVerifiedLayout(out);
    }

    @ParameterizedTest
    @ValueSource(strings = {"index.json.tmp", "oci-layout.tmp", "index.json", "oci-layout.part"})
    void testSymlinkPlantedAtATempOrTargetName_notWrittenThrough(String name) throws Exception {
        Path out = tmp.resolve("link-" + name);
        Files.createDirectories(out);
        Path outside = tmp.resolve("outside-" + name);
        Files.writeString(outside, "outside, must stay");
        Files.createSymbolicLink(out.resolve(name), outside);
        if (name.equals("index.json")) {
            // reading through it is refused too: a link there is not a layout's index
            assertThatThrownBy(() -> pullOci(out)).isInstanceOf(InvalidInputException.class)
                    .hasMessage("output: " + out.resolve("index.json") + " is a symbolic link; refusing to write an"
                            + " OCI layout over it. Choose an empty or new directory, or remove the file if it is yours.");
            assertThat(out.resolve("blobs")).doesNotExist();
        } else {
            pullOci(out);
            assertVerifiedLayout(out);
            assertThat(Files.isSymbolicLink(out.resolve(name))).as("the planted link is left alone").isTrue();
        }
        assertThat(outside).hasContent("outside, must stay");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"hello\":\"world\"}", "not json at all", "[]",
            "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.docker.distribution.manifest.list.v2+json\",\"manifests\":[]}",
            "{\"schemaVersion\":1,\"manifests\":[]}"})
    void testUnrelatedIndexJson_refusedAndKept(String content) throws Exception {
        Path out = Files.createTempDirectory(tmp, "foreign-index");
        Files.writeString(out.resolve("index.json"), content);
        assertThatThrownBy(() -> pullOci(out)).isInstanceOf(InvalidInputException.class)
                .hasMessage("output: " + out.resolve("index.json") + " is not an OCI image index (schemaVersion 2"
                        + " with a manifests list); refusing to write an OCI layout over it. Choose an empty or new"
                        + " directory, or remove the file if it is yours.");
        assertThat(out.resolve("index.json")).hasContent(content);
        assertThat(out.resolve("blobs")).as("refused before any blob is placed").doesNotExist();
        assertThat(out.resolve("oci-layout")).doesNotExist();
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"imageLayoutVersion\":\"2.0.0\"}", "hello", "{}"})
    void testUnrelatedOciLayoutFile_refused(String content) throws Exception {
        Path out = Files.createTempDirectory(tmp, "foreign-layout");
        Files.writeString(out.resolve("oci-layout"), content);
        assertThatThrownBy(() -> pullOci(out)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining(out.resolve("oci-layout") + " is not an OCI layout version file");
        assertThat(out.resolve("oci-layout")).hasContent(content);
        assertThat(out.resolve("index.json")).doesNotExist();
    }

    @ParameterizedTest
    @ValueSource(strings = {"blobs", "blobs/sha256"})
    void testBlobsDirectoryLinkedOutside_refused(String linked) throws Exception {
        Path out = Files.createTempDirectory(tmp, "linked");
        Path outside = Files.createTempDirectory(tmp, "outside-dir");
        Files.createDirectories(out.resolve(linked).getParent());
        Files.createSymbolicLink(out.resolve(linked), outside);
        assertThatThrownBy(() -> pullOci(out)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining(out.resolve(linked) + " leads outside the directory, to " + outside.toRealPath());
        try (Stream<Path> files = Files.list(outside)) {
            assertThat(files).as("nothing written outside").isEmpty();
        }
    }

    @Test
    void testBlobsDirectoryLinkedInside_allowed() throws Exception {
        Path out = Files.createTempDirectory(tmp, "linked-inside");
        Files.createDirectories(out.resolve("real-blobs"));
        Files.createSymbolicLink(out.resolve("blobs"), out.resolve("real-blobs"));
        pullOci(out);
        assertVerifiedLayout(out);
    }

    @Test
    void testExistingValidLayout_mergedNotReplaced() throws Exception {
        Path out = tmp.resolve("merge");
        try (RegistryPusher pusher = RegistryPusher.forRegistry(registry)) {
            pusher.pushImage("team/other", "2", other);
        }
        try (Skopeo skopeo = new Skopeo(registry)) {
            skopeo.copyToOciLayout("team/other:2", out, "other", false);
        }
        pullOci(out);
        JsonNode manifests = json.readTree(out.resolve("index.json").toFile()).get("manifests");
        assertThat(manifests).hasSize(2);
        assertThat(manifests.findValuesAsText("digest")).contains(image.manifestDigest(), other.manifestDigest());
    }

    // ---- docker-archive

    @ParameterizedTest
    @ValueSource(strings = {"a text file", "a symlink", "a FIFO"})
    void testArchivePathHoldsSomethingElse_refused(String planted) throws Exception {
        Path dir = Files.createTempDirectory(tmp, "archive");
        Path archive = dir.resolve("image.tar");
        Path outside = tmp.resolve("outside-" + dir.getFileName());
        Files.writeString(outside, "outside, must stay");
        switch (planted) {
            case "a text file" -> Files.writeString(archive, "my notes");
            case "a symlink" -> Files.createSymbolicLink(archive, outside);
            case "a FIFO" -> new ProcessBuilder("mkfifo", archive.toString()).start().waitFor();
            default -> throw new IllegalArgumentException(planted);
        }
        assertThatThrownBy(() -> pull(new DockerArchiveSink(archive, new JsonTrees())))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("output: " + archive + " is ")
                .hasMessageEndingWith("; refusing to replace it with the docker-archive. Name a new file, or remove"
                        + " that one if it is yours.");
        assertThat(outside).hasContent("outside, must stay");
        if (planted.equals("a text file")) {
            assertThat(archive).hasContent("my notes");
        }
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).as("no temp file left").hasSize(1);
        }
    }

    @Test
    void testPreviousArchive_replaced_andTempNamesUnpredictable() throws Exception {
        Path dir = Files.createTempDirectory(tmp, "archive-again");
        Path archive = dir.resolve("image.tar");
        pull(new DockerArchiveSink(archive, new JsonTrees()));
        // links planted at the names an older version used for its temp files lead nowhere now
        Path outside = tmp.resolve("outside-archive-temp");
        Files.writeString(outside, "outside, must stay");
        Files.createSymbolicLink(dir.resolve(".image.tar.part"), outside);
        Files.createSymbolicLink(dir.resolve("image.tar.tmp"), outside);
        pull(new DockerArchiveSink(archive, new JsonTrees()));
        assertThat(outside).hasContent("outside, must stay");
        try (Skopeo skopeo = new Skopeo(registry)) {
            skopeo.run(List.of("--insecure-policy", "copy", "docker-archive:" + archive,
                    "oci:" + tmp.resolve("from-archive") + ":x")).requireSuccess();
        }
    }
}
