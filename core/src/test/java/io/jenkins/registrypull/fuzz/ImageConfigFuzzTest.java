package io.jenkins.registrypull.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.jenkins.registrypull.error.UnsupportedManifestException;
import io.jenkins.registrypull.manifest.ImageConfig;
import io.jenkins.registrypull.manifest.ManifestParser;
import io.jenkins.registrypull.reference.Digest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The config parser under a coverage-guided fuzzer (regression mode in every build, bounded fuzzing in the
 * {@code fuzz-config} execution of core/pom.xml): the config blob comes from the registry (issue 17). Properties:
 * any bytes either parse or fail with {@link UnsupportedManifestException} (no Jackson exception, no
 * StackOverflowError from nesting, nothing else escapes); whatever parses has at most
 * {@link ManifestParser#MAX_LAYERS} diff_ids, each a canonical lowercase digest.
 */
class ImageConfigFuzzTest {

    @FuzzTest(maxDuration = "20s")
    void parse(FuzzedDataProvider data) {
        byte[] raw = data.consumeBoolean() ? data.consumeRemainingAsBytes() : shaped(data).getBytes(
                java.nio.charset.StandardCharsets.UTF_8);
        ImageConfig config;
        try {
            config = ImageConfig.parse(raw, "fuzzed");
        } catch (UnsupportedManifestException expected) {
            assertThat(expected.getMessage()).startsWith("The config blob of fuzzed ").doesNotContain("\n");
            return;
        }
        assertThat(config.diffIds().size()).isLessThanOrEqualTo(ManifestParser.MAX_LAYERS);
        for (Digest id : config.diffIds()) {
            assertThat(Digest.parseTrusted(id.toString())).isEqualTo(id);
            assertThat(id.hex()).matches("[0-9a-f]+");
        }
    }

    /** Config-shaped JSON with fuzzed values, so the fuzzer reaches the diff_ids and nesting paths quickly. */
    private static String shaped(FuzzedDataProvider data) {
        int depth = data.consumeInt(0, 200);
        return "{\"architecture\":\"" + data.consumeString(20) + "\",\"os\":\"linux\",\"x\":" + "[".repeat(depth)
                + "]".repeat(depth) + ",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"" + data.consumeString(140)
                + "\",\"" + data.consumeRemainingAsString() + "\"]}}";
    }
}
