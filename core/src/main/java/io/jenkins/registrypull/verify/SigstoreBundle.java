package io.jenkins.registrypull.verify;

import com.fasterxml.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * A Sigstore bundle as cosign attaches it to an image (cosign {@code specs/BUNDLE_SPEC.md}): the
 * protobuf-JSON form of sigstore {@code protobuf-specs} {@code sigstore_bundle.proto}, media type
 * {@code application/vnd.dev.sigstore.bundle.v0.3+json} (older: {@code .v0.2}, {@code .v0.1}; newer
 * spelling {@code application/vnd.dev.sigstore.bundle+json;version=0.3}). Only what key-based
 * verification needs is read:
 *
 * <ul>
 *   <li>{@code verificationMaterial.publicKey.hint}: base64 SHA-256 of the signer's public key
 *       (cosign {@code MakeNewBundle}); used only to say "signed by a different key", never to trust.
 *       A {@code certificate} or {@code x509CertificateChain} (keyless or PKI signing) is read to name
 *       the signer's key in the same way;</li>
 *   <li>{@code dsseEnvelope} ({@code payload}, {@code payloadType}, {@code signatures[].sig}):
 *       what {@code cosign sign --new-bundle-format} (the v3 default) writes for an image: a DSSE
 *       envelope around an in-toto statement ({@link InTotoStatement});</li>
 *   <li>{@code messageSignature} ({@code messageDigest.algorithm}, {@code messageDigest.digest},
 *       {@code signature}): a signature over an artifact's digest, the other content the spec
 *       allows.</li>
 * </ul>
 *
 * <p>Transparency-log entries and timestamps are not read: this is key-based verification without
 * a transparency log, what {@code cosign verify --key K --insecure-ignore-tlog} does. Bytes fields
 * are base64 (protobuf JSON writes standard base64 and accepts URL-safe); field names are accepted
 * in protobuf JSON's lowerCamelCase and in the proto's snake_case, as protobuf JSON parsers do.
 */
record SigstoreBundle(String mediaType, String keyHint, byte[] certificateDer, Dsse dsse, MessageSignature message) {

    static final String MEDIA_TYPE_PREFIX = "application/vnd.dev.sigstore.bundle";

    /** A DSSE envelope: the statement bytes, their type, and the signatures over PAE(type, bytes). */
    record Dsse(String payloadType, byte[] payload, List<byte[]> signatures) {
    }

    /** A signature over an artifact's digest. */
    record MessageSignature(String digestAlgorithm, byte[] digest, byte[] signature) {
    }

    static boolean isBundleMediaType(String mediaType) {
        return mediaType != null && mediaType.startsWith(MEDIA_TYPE_PREFIX);
    }

    static SigstoreBundle parse(byte[] json) throws MalformedSignatureException {
        String what = "the Sigstore bundle";
        JsonNode root = JsonFields.parseObject(json, what);
        String mediaType = text(root, "mediaType", "media_type");
        if (!isBundleMediaType(mediaType)) {
            throw new MalformedSignatureException(what + " has media type "
                    + (mediaType == null ? "missing" : "'" + Printable.shorten(mediaType) + "'")
                    + ", not " + MEDIA_TYPE_PREFIX + "...");
        }
        JsonNode material = node(root, "verificationMaterial", "verification_material");
        String hint = text(node(material, "publicKey", "public_key"), "hint", "hint");
        byte[] certificate = null;
        JsonNode cert = node(material, "certificate", "certificate");
        if (cert != null) {
            certificate = bytes(cert, "rawBytes", "raw_bytes", what + " certificate");
        } else {
            JsonNode chain = node(node(material, "x509CertificateChain", "x509_certificate_chain"), "certificates",
                    "certificates");
            if (chain != null && chain.isArray() && chain.size() > 0) {
                certificate = bytes(chain.get(0), "rawBytes", "raw_bytes", what + " certificate");
            }
        }
        JsonNode dsseNode = node(root, "dsseEnvelope", "dsse_envelope");
        JsonNode messageNode = node(root, "messageSignature", "message_signature");
        if ((dsseNode == null) == (messageNode == null)) {
            throw new MalformedSignatureException(what + " must hold exactly one of dsseEnvelope and messageSignature");
        }
        Dsse dsse = null;
        MessageSignature message = null;
        if (dsseNode != null) {
            String payloadType = text(dsseNode, "payloadType", "payload_type");
            byte[] payload = bytes(dsseNode, "payload", "payload", what + " DSSE payload");
            JsonNode sigs = node(dsseNode, "signatures", "signatures");
            if (payloadType == null || payload == null || sigs == null || !sigs.isArray() || sigs.isEmpty()) {
                throw new MalformedSignatureException(what + "'s DSSE envelope lacks payloadType, payload or signatures");
            }
            List<byte[]> signatures = new ArrayList<>();
            for (JsonNode sig : sigs) {
                if (signatures.size() == 16) {
                    break; // more signers than any real envelope has; the rest are not looked at
                }
                byte[] bytes = bytes(sig, "sig", "sig", what + " DSSE signature");
                if (bytes != null) {
                    signatures.add(bytes);
                }
            }
            dsse = new Dsse(payloadType, payload, signatures);
        } else {
            JsonNode digest = node(messageNode, "messageDigest", "message_digest");
            message = new MessageSignature(text(digest, "algorithm", "algorithm"),
                    bytes(digest, "digest", "digest", what + " message digest"),
                    bytes(messageNode, "signature", "signature", what + " message signature"));
            if (message.digest() == null || message.signature() == null) {
                throw new MalformedSignatureException(what + "'s messageSignature lacks its digest or signature");
            }
        }
        return new SigstoreBundle(mediaType, hint, certificate, dsse, message);
    }

    /**
     * DSSE's pre-authentication encoding, what a DSSE signature is computed over (DSSE protocol,
     * secure-systems-lab/dsse {@code protocol.md}):
     * {@code "DSSEv1" SP LEN(type) SP type SP LEN(body) SP body}, lengths as ASCII decimal byte counts.
     */
    static byte[] pae(String payloadType, byte[] payload) {
        byte[] type = payloadType.getBytes(StandardCharsets.UTF_8);
        byte[] head = ("DSSEv1 " + type.length + " " + payloadType + " " + payload.length + " ")
                .getBytes(StandardCharsets.UTF_8);
        byte[] pae = new byte[head.length + payload.length];
        System.arraycopy(head, 0, pae, 0, head.length);
        System.arraycopy(payload, 0, pae, head.length, payload.length);
        return pae;
    }

    private static JsonNode node(JsonNode object, String camel, String snake) throws MalformedSignatureException {
        if (object == null || !object.isObject()) {
            return null;
        }
        JsonNode a = object.get(camel);
        JsonNode b = camel.equals(snake) ? null : object.get(snake);
        if (a != null && b != null) {
            throw new MalformedSignatureException("the Sigstore bundle has both '" + camel + "' and '" + snake + "'");
        }
        JsonNode value = a != null ? a : b;
        return value == null || value.isNull() ? null : value;
    }

    private static String text(JsonNode object, String camel, String snake) throws MalformedSignatureException {
        JsonNode value = node(object, camel, snake);
        return value != null && value.isTextual() ? value.asText() : null;
    }

    private static byte[] bytes(JsonNode object, String camel, String snake, String what)
            throws MalformedSignatureException {
        String text = text(object, camel, snake);
        if (text == null) {
            return null;
        }
        try {
            return text.indexOf('-') >= 0 || text.indexOf('_') >= 0
                    ? Base64.getUrlDecoder().decode(text) : Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new MalformedSignatureException(what + " is not valid base64");
        }
    }
}
