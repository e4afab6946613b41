package io.jenkins.registrypull.verify;

import io.jenkins.registrypull.testkit.CosignSigner;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The payload is read as cosign's Go structs read it, minus the ambiguities. */
class SimpleSigningPayloadTest {

    private static final String DIGEST = "sha256:" + "a".repeat(64);

    private static SimpleSigningPayload parse(String json) throws MalformedSignatureException {
        return SimpleSigningPayload.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void testParse_cosignsOwnBytes() throws Exception {
        SimpleSigningPayload payload = SimpleSigningPayload.parse(CosignSigner.simpleSigningPayload(DIGEST,
                "reg.io/team/app"));
        assertThat(payload.dockerManifestDigest()).isEqualTo(DIGEST);
        assertThat(payload.dockerReference()).isEqualTo("reg.io/team/app");
    }

    @Test
    void testParse_keysMatchCaseInsensitivelyAsInCosign() throws Exception {
        // cosign's SIGNATURE_SPEC example writes "Docker-manifest-digest"; Go's encoding/json accepts any case
        assertThat(parse("{\"Critical\":{\"Image\":{\"Docker-manifest-digest\":\"" + DIGEST + "\"},"
                + "\"TYPE\":\"cosign container image signature\"},\"optional\":{\"creator\":\"x\"}}")
                .dockerManifestDigest()).isEqualTo(DIGEST);
    }

    @Test
    void testParse_rejects() {
        String type = "\"type\":\"cosign container image signature\"";
        String[][] cases = {
                {"[]", "not a JSON object"},
                {"{", "not valid JSON"},
                {"{\"optional\":null}", "no 'critical'"},
                {"{\"critical\":{\"image\":{\"docker-manifest-digest\":\"" + DIGEST + "\"}}}", "critical.type missing"},
                {"{\"critical\":{\"image\":{\"docker-manifest-digest\":\"" + DIGEST + "\"},\"type\":\"atomic container"
                        + " signature\"}}", "'atomic container signature'"},
                {"{\"critical\":{" + type + ",\"image\":{}}}", "no critical.image.docker-manifest-digest"},
                {"{\"critical\":{" + type + ",\"image\":{\"docker-manifest-digest\":7}}}", "no critical.image"},
                // two keys that Go would both map to one field: which one counts must not depend on the library
                {"{\"critical\":{" + type + ",\"image\":{\"docker-manifest-digest\":\"" + DIGEST + "\","
                        + "\"Docker-Manifest-Digest\":\"sha256:" + "b".repeat(64) + "\"}}}", "more than one key"},
                {"{\"critical\":{" + type + ",\"image\":{\"docker-manifest-digest\":\"" + DIGEST + "\","
                        + "\"docker-manifest-digest\":\"sha256:" + "b".repeat(64) + "\"}}}", "repeats a key"},
                {"{\"critical\":{" + type + ",\"image\":{\"docker-manifest-digest\":\"x\"}},\"Critical\":{}}",
                        "more than one key"},
        };
        for (String[] c : cases) {
            assertThatThrownBy(() -> parse(c[0])).as(c[0]).isInstanceOf(MalformedSignatureException.class)
                    .hasMessageContaining(c[1]);
        }
    }
}
