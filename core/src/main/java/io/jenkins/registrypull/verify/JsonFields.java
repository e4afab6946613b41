package io.jenkins.registrypull.verify;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.util.Iterator;
import java.util.Map;

/**
 * Reads the JSON of signature artifacts the way Go's {@code encoding/json} reads it into cosign's
 * structs, without Go's ambiguities. Go matches object keys to struct fields case-insensitively
 * ({@code Docker-Manifest-Digest} fills {@code docker-manifest-digest}; cosign's own SIGNATURE_SPEC
 * example spells it that way), and when a key appears twice the last one wins. We match
 * case-insensitively too, so every payload cosign accepts is read the same, but we reject a
 * signed document with two candidate keys for one field (exact duplicates, or {@code image} and
 * {@code Image}): which one a verifier reads must not depend on its JSON library.
 */
final class JsonFields {

    /** Signature documents are small and flat; deeper nesting is not a cosign artifact. */
    private static final int MAX_DEPTH = 32;

    static final ObjectMapper STRICT = JsonMapper.builder(JsonFactory.builder()
                    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                    .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build())
                    .build())
            .build();

    private JsonFields() {
    }

    static JsonNode parseObject(byte[] bytes, String what) throws MalformedSignatureException {
        JsonNode root;
        try {
            root = STRICT.readTree(bytes);
        } catch (IOException e) {
            throw new MalformedSignatureException(what + " is not valid JSON (or repeats a key)");
        }
        if (root == null || !root.isObject()) {
            throw new MalformedSignatureException(what + " is not a JSON object");
        }
        return root;
    }

    /** The value of {@code name} matched case-insensitively, or null; fails when two keys match. */
    static JsonNode field(JsonNode object, String name, String what) throws MalformedSignatureException {
        if (object == null || !object.isObject()) {
            return null;
        }
        JsonNode found = null;
        for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            if (entry.getKey().equalsIgnoreCase(name)) {
                if (found != null) {
                    throw new MalformedSignatureException(what + " has more than one key '" + name
                            + "' (differing only in case); refusing an ambiguous signed document");
                }
                found = entry.getValue();
            }
        }
        return found;
    }

    /** A string field (case-insensitive key), or null when absent or not a string. */
    static String text(JsonNode object, String name, String what) throws MalformedSignatureException {
        JsonNode value = field(object, name, what);
        return value != null && value.isTextual() ? value.asText() : null;
    }
}
