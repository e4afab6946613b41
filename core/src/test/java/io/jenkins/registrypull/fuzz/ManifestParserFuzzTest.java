package io.jenkins.registrypull.fuzz;

import io.jenkins.registrypull.json.JsonTrees;
import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.registrypull.error.InvalidInputException;
import io.jenkins.registrypull.error.UnsupportedManifestException;
import io.jenkins.registrypull.manifest.Descriptor;
import io.jenkins.registrypull.manifest.ImageIndex;
import io.jenkins.registrypull.manifest.ImageManifest;
import io.jenkins.registrypull.manifest.ManifestParser;
import io.jenkins.registrypull.manifest.MediaType;
import io.jenkins.registrypull.manifest.ParsedManifest;
import io.jenkins.registrypull.reference.Digest;
import io.jenkins.registrypull.store.BlobStore;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The manifest parser and the digest parser under a coverage-guided fuzzer (regression mode in every build,
 * bounded fuzzing in the {@code fuzz-manifest} execution of core/pom.xml): the registry sends the manifest bytes and
 * the digests in it, so both read hostile input. Properties: any bytes (and any Content-Type) either parse or fail
 * with {@link UnsupportedManifestException}, nothing else escapes; whatever parses respects the caps on layers and
 * index entries; and every digest that gets through, from a manifest or from text, is canonical and names a file
 * inside the blob store, whatever path characters the input held.
 */
class ManifestParserFuzzTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path STORE = Path.of("/store");
    private static final List<String> TYPES = List.of(MediaType.OCI_MANIFEST, MediaType.OCI_INDEX,
            MediaType.DOCKER_MANIFEST, MediaType.DOCKER_MANIFEST_LIST, "application/json", "text/plain");

    @FuzzTest(maxDuration = "30s")
    void parse(FuzzedDataProvider data) {
        checkDigest(data.consumeString(200));
        String contentType = data.consumeBoolean() ? data.pickValue(TYPES) : null;
        byte[] raw = data.consumeBoolean() ? data.consumeRemainingAsBytes()
                : shaped(data).getBytes(StandardCharsets.UTF_8);
        ParsedManifest parsed;
        try {
            parsed = new ManifestParser(new JsonTrees()).parse(raw, contentType, "fuzzed");
        } catch (UnsupportedManifestException expected) {
            assertThat(expected.getMessage()).startsWith("The ").doesNotContain("\n");
            return;
        }
        List<Descriptor> descriptors = new ArrayList<>();
        if (parsed instanceof ImageManifest m) {
            assertThat(m.layers().size()).isLessThanOrEqualTo(ManifestParser.MAX_LAYERS);
            descriptors.add(m.config());
            descriptors.addAll(m.layers());
        } else {
            ImageIndex index = (ImageIndex) parsed;
            assertThat(index.manifests().size()).isLessThanOrEqualTo(ManifestParser.MAX_INDEX_ENTRIES);
            descriptors.addAll(index.manifests());
        }
        for (Descriptor d : descriptors) {
            assertThat(d.size()).isNotNegative();
            assertInsideStore(d.digest());
        }
    }

    /** A manifest-shaped JSON text with fuzzed values, so the fuzzer gets past the JSON syntax quickly. */
    private static String shaped(FuzzedDataProvider data) {
        StringBuilder s = new StringBuilder("{\"schemaVersion\":").append(data.consumeInt(0, 3));
        if (data.consumeBoolean()) {
            s.append(",\"mediaType\":\"").append(data.pickValue(TYPES)).append('"');
        }
        String list = data.consumeBoolean() ? "layers" : "manifests";
        s.append(",\"config\":").append(descriptor(data)).append(",\"").append(list).append("\":[");
        int n = data.consumeInt(0, 4);
        for (int i = 0; i < n; i++) {
            s.append(i == 0 ? "" : ",").append(descriptor(data));
        }
        return s.append("]}").toString();
    }

    private static String descriptor(FuzzedDataProvider data) {
        return "{\"mediaType\":\"" + escape(data.consumeString(40)) + "\",\"digest\":\"" + escape(data.consumeString(80))
                + "\",\"size\":" + data.consumeLong() + ",\"platform\":{\"os\":\"" + escape(data.consumeString(10))
                + "\",\"architecture\":\"" + escape(data.consumeString(10)) + "\"}}";
    }

    private static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"").replaceAll("[\\x00-\\x1f]", " ");
    }

    private static void checkDigest(String text) {
        Digest digest;
        try {
            digest = Digest.parse(text, "digest");
        } catch (InvalidInputException expected) {
            assertThat(expected.field()).isEqualTo("digest");
            return;
        }
        assertThat(Digest.parseTrusted(digest.toString())).isEqualTo(digest);
        assertInsideStore(digest);
    }

    private static void assertInsideStore(Digest digest) {
        assertThat(digest.hex()).matches("[0-9a-f]{64}|[0-9a-f]{128}");
        Path path = new BlobStore(STORE).pathOf(digest);
        assertThat(path.normalize()).isEqualTo(path);
        assertThat(path.getParent().getParent()).isEqualTo(STORE.resolve("blobs"));
    }
}
