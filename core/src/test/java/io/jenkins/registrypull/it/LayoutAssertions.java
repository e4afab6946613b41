package io.jenkins.registrypull.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Reads OCI layouts written by the engine or by skopeo, to compare them. */
final class LayoutAssertions {

    private static final ObjectMapper JSON = new ObjectMapper();

    private LayoutAssertions() {
    }

    static Set<String> blobDigests(Path layout) throws IOException {
        Set<String> digests = new TreeSet<>();
        try (Stream<Path> files = Files.list(layout.resolve("blobs/sha256"))) {
            files.forEach(f -> digests.add("sha256:" + f.getFileName()));
        }
        return digests;
    }

    static String manifestDigest(Path layout, String refName) throws IOException {
        for (JsonNode entry : JSON.readTree(layout.resolve("index.json").toFile()).get("manifests")) {
            if (refName.equals(entry.path("annotations").path("org.opencontainers.image.ref.name").asText())) {
                return entry.get("digest").asText();
            }
        }
        throw new AssertionError("no entry named " + refName + " in " + layout);
    }

    /** Every blob file hashes to its name. */
    static void assertBlobsVerify(Path layout) throws IOException {
        try (Stream<Path> files = Files.list(layout.resolve("blobs/sha256"))) {
            for (Path f : files.toList()) {
                assertThat(io.jenkins.registrypull.reference.Digest.sha256(Files.readAllBytes(f)).hex())
                        .as("content of %s", f).isEqualTo(f.getFileName().toString());
            }
        }
    }
}
