package io.jenkins.registrypull.verify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads the real cosign signatures under {@code src/test/resources/cosign} (containers/image
 * fixtures, see the README there). A stored signature is {@code \0sigstore-json\n} followed by
 * {@code {"mimeType", "payload" (base64), "annotations"}}: in a registry, the payload is a layer of
 * the {@code .sig} image and the annotations sit on that layer's descriptor.
 */
final class CosignFixtures {

    private static final byte[] PREFIX = "\0sigstore-json\n".getBytes(StandardCharsets.US_ASCII);
    private static final ObjectMapper JSON = new ObjectMapper();

    private CosignFixtures() {
    }

    /** One stored signature: the layer's media type, its payload bytes and its annotations. */
    record StoredSignature(String mimeType, byte[] payload, Map<String, String> annotations) {

        String signature() {
            return annotations.get(SignatureChecks.SIGNATURE_ANNOTATION);
        }
    }

    static byte[] bytes(String path) {
        try (InputStream in = CosignFixtures.class.getResourceAsStream("/cosign/" + path)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + path);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String text(String path) {
        return new String(bytes(path), StandardCharsets.US_ASCII);
    }

    static boolean exists(String path) {
        return CosignFixtures.class.getResource("/cosign/" + path) != null;
    }

    static StoredSignature signature(String path) {
        byte[] raw = bytes(path);
        if (!Arrays.equals(Arrays.copyOf(raw, PREFIX.length), PREFIX)) {
            throw new IllegalArgumentException(path + " is not a stored sigstore signature");
        }
        try {
            JsonNode root = JSON.readTree(Arrays.copyOfRange(raw, PREFIX.length, raw.length));
            Map<String, String> annotations = new LinkedHashMap<>();
            root.path("annotations").fields().forEachRemaining(e -> annotations.put(e.getKey(), e.getValue().asText()));
            return new StoredSignature(root.get("mimeType").asText(), Base64.getDecoder().decode(root.get("payload")
                    .asText()), annotations);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
