package io.jenkins.registrypull.verify;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The in-toto statement cosign v3 signs for an image when it writes a Sigstore bundle
 * (cosign {@code cmd/cosign/cli/sign/sign.go} signDigestBundle): a DSSE payload of type
 * {@code application/vnd.in-toto+json},
 *
 * <pre>
 * {"_type": "https://in-toto.io/Statement/v1",
 *  "subject": [{"digest": {"sha256": "&lt;hex of the image digest&gt;"}}],
 *  "predicateType": "https://sigstore.dev/cosign/sign/v1",
 *  "predicate": {}}
 * </pre>
 *
 * <p>The predicate type is what makes it a signature rather than an attestation (SLSA provenance,
 * an SBOM...), which also travel as DSSE bundles on the same image; only statements of cosign's
 * sign type count. The statement is parsed as protobuf JSON is (cosign uses {@code protojson}):
 * exact field names, {@code predicateType} or {@code predicate_type}, never both.
 *
 * @param subjectDigests each subject's digests as {@code algorithm:hex}
 */
record InTotoStatement(String type, String predicateType, List<String> subjectDigests) {

    static final String PAYLOAD_TYPE = "application/vnd.in-toto+json";
    static final String STATEMENT_V1 = "https://in-toto.io/Statement/v1";
    static final String STATEMENT_V01 = "https://in-toto.io/Statement/v0.1";
    static final String COSIGN_SIGN_PREDICATE = "https://sigstore.dev/cosign/sign/v1";
    private static final int MAX_SUBJECTS = 1000;

    static InTotoStatement parse(byte[] json) throws MalformedSignatureException {
        String what = "the signed in-toto statement";
        JsonNode root = JsonFields.parseObject(json, what);
        JsonNode type = root.get("_type");
        JsonNode predicateType = one(root, "predicateType", "predicate_type", what);
        JsonNode subjects = root.get("subject");
        if (type == null || !type.isTextual() || predicateType == null || !predicateType.isTextual()
                || subjects == null || !subjects.isArray()) {
            throw new MalformedSignatureException(what + " lacks _type, predicateType or subject");
        }
        if (subjects.size() > MAX_SUBJECTS) {
            throw new MalformedSignatureException(what + " has " + subjects.size() + " subjects, more than "
                    + MAX_SUBJECTS);
        }
        List<String> digests = new ArrayList<>();
        for (JsonNode subject : subjects) {
            JsonNode digest = subject.get("digest");
            if (digest == null || !digest.isObject()) {
                continue;
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = digest.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> entry = it.next();
                if (entry.getValue().isTextual()) {
                    digests.add(entry.getKey() + ":" + entry.getValue().asText());
                }
            }
        }
        return new InTotoStatement(type.asText(), predicateType.asText(), digests);
    }

    boolean isStatement() {
        return STATEMENT_V1.equals(type) || STATEMENT_V01.equals(type);
    }

    boolean isCosignSignature() {
        return COSIGN_SIGN_PREDICATE.equals(predicateType);
    }

    private static JsonNode one(JsonNode object, String camel, String snake, String what)
            throws MalformedSignatureException {
        JsonNode a = object.get(camel);
        JsonNode b = object.get(snake);
        if (a != null && b != null) {
            throw new MalformedSignatureException(what + " has both " + camel + " and " + snake);
        }
        return a != null ? a : b;
    }
}
