package io.jenkins.registrypull.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.registrypull.http.RateLimit;
import io.jenkins.registrypull.json.JsonTrees;
import io.jenkins.registrypull.manifest.Descriptor;
import io.jenkins.registrypull.manifest.Platform;
import io.jenkins.registrypull.mirror.ServedFrom;
import io.jenkins.registrypull.pull.PullResult;
import io.jenkins.registrypull.reference.Digest;
import io.jenkins.registrypull.verify.SignatureCheck;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The JSON `pull` prints is a contract for scripts: every field, its order, its nulls and the layout, exactly as the
 * CLI printed it when it still wrote a Map through an ObjectMapper.
 */
class ResultJsonTest {

    private static final Digest INDEX = Digest.sha256(new byte[] {1});
    private static final Digest MANIFEST = Digest.sha256(new byte[] {2});
    private static final Digest CONFIG = Digest.sha256(new byte[] {3});

    @Test
    void testPrinted_everyFieldInItsPlace() throws Exception {
        PullResult result = new PullResult("reg.example.com/team/app:1.2", MANIFEST,
                "application/vnd.oci.image.manifest.v1+json", INDEX, Platform.of("linux", "arm64", "v8"), CONFIG,
                List.<Descriptor>of(), 3_000_000_000L, 2_000_000_000L, 1_000_000_000L, Duration.ofMillis(1234),
                "/ws/out", "sha256:" + "c".repeat(64), List.of("digest", "cosign"),
                new SignatureCheck("SHA256:ab", "ECDSA P-256", "cosign", MANIFEST.toString(), "simple-signing",
                        "reg.example.com/team/app:sha256-x.sig"),
                "reg.example.com/team/app:1.2",
                new ServedFrom("mirror.example.com", true,
                        Map.of("sha256:bb", "store", "sha256:aa", "mirror.example.com"),
                        List.of("reg.example.com: 503")),
                new RateLimit(100, 76, null, null));

        String printed = new String(new JsonTrees().writePretty(ResultJson.of(result, new JsonTrees())),
                StandardCharsets.UTF_8);

        assertThat(printed).isEqualTo("{\n"
                + "  \"reference\" : \"reg.example.com/team/app:1.2\",\n"
                + "  \"digest\" : \"" + INDEX + "\",\n"
                + "  \"manifestDigest\" : \"" + MANIFEST + "\",\n"
                + "  \"manifestMediaType\" : \"application/vnd.oci.image.manifest.v1+json\",\n"
                + "  \"indexDigest\" : \"" + INDEX + "\",\n"
                + "  \"platform\" : \"linux/arm64/v8\",\n"
                + "  \"configDigest\" : \"" + CONFIG + "\",\n"
                + "  \"layers\" : 0,\n"
                + "  \"size\" : 3000000000,\n"
                + "  \"downloaded\" : 2000000000,\n"
                + "  \"reused\" : 1000000000,\n"
                + "  \"durationMs\" : 1234,\n"
                + "  \"location\" : \"/ws/out\",\n"
                + "  \"local\" : \"reg.example.com/team/app:1.2\",\n"
                + "  \"imageId\" : \"sha256:" + "c".repeat(64) + "\",\n"
                + "  \"verification\" : [ \"digest\", \"cosign\" ],\n"
                + "  \"signature\" : {\n"
                + "    \"keyFingerprint\" : \"SHA256:ab\",\n"
                + "    \"keyAlgorithm\" : \"ECDSA P-256\",\n"
                + "    \"scheme\" : \"cosign\",\n"
                + "    \"signedDigest\" : \"" + MANIFEST + "\",\n"
                + "    \"format\" : \"simple-signing\",\n"
                + "    \"source\" : \"reg.example.com/team/app:sha256-x.sig\"\n"
                + "  },\n"
                + "  \"servedFrom\" : {\n"
                + "    \"manifest\" : \"mirror.example.com\",\n"
                + "    \"manifestFromMirror\" : true,\n"
                + "    \"blobs\" : {\n"
                + "      \"sha256:aa\" : \"mirror.example.com\",\n"
                + "      \"sha256:bb\" : \"store\"\n"
                + "    },\n"
                + "    \"skipped\" : [ \"reg.example.com: 503\" ]\n"
                + "  },\n"
                + "  \"rateLimit\" : {\n"
                + "    \"limit\" : 100,\n"
                + "    \"remaining\" : 76,\n"
                + "    \"windowSeconds\" : null,\n"
                + "    \"source\" : null\n"
                + "  }\n"
                + "}");
    }

    @Test
    void testPrinted_absentPartsAreNullOrLeftOut() throws Exception {
        PullResult result = new PullResult("reg/app:1", MANIFEST, "m", null, null, CONFIG, List.<Descriptor>of(), 1,
                1, 0, Duration.ZERO, "out", null, List.of(), null, null, null, null);

        String printed = new String(new JsonTrees().writePretty(ResultJson.of(result, new JsonTrees())),
                StandardCharsets.UTF_8);

        assertThat(printed).contains("\"digest\" : \"" + MANIFEST + "\"").contains("\"indexDigest\" : null")
                .contains("\"platform\" : null").contains("\"local\" : null").contains("\"imageId\" : null")
                .contains("\"verification\" : [ ]").contains("\"signature\" : null")
                .doesNotContain("servedFrom").doesNotContain("rateLimit");
    }
}
