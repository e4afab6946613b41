package io.jenkins.registrypull.testkit;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/**
 * A signed Docker image manifest v2 schema 1 ({@value MediaTypes#DOCKER_SCHEMA1_SIGNED}), the
 * deprecated format clients must refuse with a clear message.
 *
 * <p>What registry 2.8 does with one: by default the PUT fails with 500 {@code UNKNOWN} (its log
 * says "manifest schema v1 unsupported"). Started with {@link RegistryServer.Builder#schema1Enabled()}
 * it verifies the libtrust JWS signature (including that the JWK's {@code kid} is the key's libtrust
 * id) and that every {@code blobSum} exists in the repository, so push the layers first; it then
 * stores only the payload and re-signs it with its own key on every GET. So the served bytes
 * differ from {@link #bytes()}, while the digest ({@link #digest()}, over the payload) is the
 * same. For a mock registry, serve {@link #bytes()} as they are.
 *
 * <p>Signature (libtrust "pretty JWS"): the payload is the manifest without {@code signatures};
 * the protected header records {@code formatLength} and {@code formatTail} so a verifier can cut
 * the signatures back out; ES256 over {@code protected + "." + base64url(payload)}; the header's
 * JWK {@code kid} is the libtrust key id, which the registry recomputes and compares.
 */
public final class SchemaOneManifest {

    private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();

    private final byte[] bytes;
    private final byte[] payload;
    private final String keyId;

    private SchemaOneManifest(byte[] bytes, byte[] payload, String keyId) {
        this.bytes = bytes;
        this.payload = payload;
        this.keyId = keyId;
    }

    /**
     * Signs a schema 1 manifest for {@code repository:tag} listing {@code layers} (bottom first,
     * written top first as schema 1 wants), with a fresh P-256 key.
     */
    public static SchemaOneManifest sign(String repository, String tag, Platform platform, List<Layer> layers) {
        JsonBytes json = new JsonBytes();
        ObjectNode manifest = json.object();
        manifest.put("schemaVersion", 1);
        manifest.put("name", repository);
        manifest.put("tag", tag);
        manifest.put("architecture", platform.architecture());
        ArrayNode fsLayers = manifest.putArray("fsLayers");
        ArrayNode history = manifest.putArray("history");
        for (int i = layers.size() - 1; i >= 0; i--) {
            fsLayers.addObject().put("blobSum", layers.get(i).digest());
            ObjectNode v1 = json.object();
            v1.put("id", v1Id(layers, i));
            if (i > 0) {
                v1.put("parent", v1Id(layers, i - 1));
            }
            v1.put("created", "2024-01-01T00:00:00Z");
            if (i == layers.size() - 1) {
                v1.put("architecture", platform.architecture());
                v1.put("os", platform.os());
            }
            v1.putObject("container_config").putArray("Cmd").add("registry-pull testkit layer " + (i + 1));
            history.addObject().put("v1Compatibility", new String(json.compact(v1), StandardCharsets.UTF_8));
        }
        byte[] payload = json.indented(manifest);
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair key = generator.generateKeyPair();
            return signWith(json, payload, key);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign a schema 1 manifest", e);
        }
    }

    private static SchemaOneManifest signWith(JsonBytes json, byte[] payload, KeyPair key)
            throws GeneralSecurityException {
        int closing = lastNonSpace(payload, payload.length - 1);
        int formatLength = lastNonSpace(payload, closing - 1) + 1;
        byte[] tail = Arrays.copyOfRange(payload, formatLength, payload.length);
        ObjectNode protectedHeader = json.object();
        protectedHeader.put("formatLength", formatLength);
        protectedHeader.put("formatTail", B64URL.encodeToString(tail));
        protectedHeader.put("time", "2024-01-01T00:00:00Z");
        String protectedB64 = B64URL.encodeToString(json.compact(protectedHeader));
        byte[] signingInput = (protectedB64 + "." + B64URL.encodeToString(payload)).getBytes(StandardCharsets.US_ASCII);
        Signature signer = Signature.getInstance("SHA256withECDSAinP1363Format");
        signer.initSign(key.getPrivate());
        signer.update(signingInput);
        byte[] signature = signer.sign();

        ECPublicKey publicKey = (ECPublicKey) key.getPublic();
        String keyId = LibtrustKeyId.of(publicKey);
        ObjectNode jwk = json.object();
        jwk.put("crv", "P-256");
        jwk.put("kid", keyId);
        jwk.put("kty", "EC");
        jwk.put("x", B64URL.encodeToString(unsigned32(publicKey.getW().getAffineX())));
        jwk.put("y", B64URL.encodeToString(unsigned32(publicKey.getW().getAffineY())));
        ArrayNode signatures = json.object().arrayNode();
        ObjectNode entry = signatures.addObject();
        ObjectNode header = entry.putObject("header");
        header.set("jwk", jwk);
        header.put("alg", "ES256");
        entry.put("signature", B64URL.encodeToString(signature));
        entry.put("protected", protectedB64);

        StringBuilder out = new StringBuilder();
        out.append(new String(payload, 0, formatLength, StandardCharsets.UTF_8));
        out.append(",\n   \"signatures\": ").append(new String(json.compact(signatures), StandardCharsets.UTF_8));
        out.append("\n}");
        return new SchemaOneManifest(out.toString().getBytes(StandardCharsets.UTF_8), payload, keyId);
    }

    /** The signed manifest, as pushed and served. */
    public byte[] bytes() {
        return bytes.clone();
    }

    public String mediaType() {
        return MediaTypes.DOCKER_SCHEMA1_SIGNED;
    }

    /** The manifest without signatures: what its digest is computed over. */
    public byte[] payload() {
        return payload.clone();
    }

    /** The digest a registry reports for it ({@code Docker-Content-Digest}): of the payload, not of the signed bytes. */
    public String digest() {
        return Digests.sha256(payload);
    }

    /** The libtrust key id of the signing key, as in the signature's JWK. */
    public String keyId() {
        return keyId;
    }

    private static int lastNonSpace(byte[] bytes, int from) {
        int i = from;
        while (i >= 0 && Character.isWhitespace(bytes[i])) {
            i--;
        }
        return i;
    }

    private static byte[] unsigned32(BigInteger value) {
        byte[] raw = value.toByteArray();
        byte[] out = new byte[32];
        int copy = Math.min(raw.length, 32);
        System.arraycopy(raw, raw.length - copy, out, 32 - copy, copy);
        return out;
    }

    private static String v1Id(List<Layer> layers, int index) {
        return HexFormat.of().formatHex(Digests.newSha256().digest(
                ("registry-pull-testkit-v1-" + index + "-" + layers.get(index).digest()).getBytes(StandardCharsets.UTF_8)));
    }
}
