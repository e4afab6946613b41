package io.jenkins.registrypull.verify;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The payload cosign signs for an image in the tag-based scheme: a "simple signing" JSON document
 * (containers/image {@code docs/containers-signature.5.md}, with cosign's additions in
 * cosign {@code specs/SIGNATURE_SPEC.md}, "Simple Signing"):
 *
 * <pre>
 * {"critical": {"identity": {"docker-reference": "reg.io/team/app"},
 *               "image": {"docker-manifest-digest": "sha256:..."},
 *               "type": "cosign container image signature"},
 *  "optional": null}
 * </pre>
 *
 * <p>What binds the signature to the image is {@code critical.image.docker-manifest-digest}; keys
 * are matched case-insensitively as cosign's Go structs do ({@link JsonFields}). We also require
 * {@code critical.type} to be cosign's type, as containers/image does (cosign itself does not
 * check it): a signed document of another type is not an image signature. The
 * {@code docker-reference} is read but not checked, as the cosign spec says ("the
 * critical.identity.docker-reference field is ignored"): a digest names content wherever it is
 * stored, and images are legitimately copied between registries.
 *
 * @param dockerManifestDigest the digest the signer signed, exactly as written
 * @param dockerReference      the signer's claimed reference, or null
 */
record SimpleSigningPayload(String dockerManifestDigest, String dockerReference) {

    static final String MEDIA_TYPE = "application/vnd.dev.cosign.simplesigning.v1+json";
    static final String COSIGN_TYPE = "cosign container image signature";

    static SimpleSigningPayload parse(byte[] payload) throws MalformedSignatureException {
        String what = "the signed payload";
        JsonNode root = JsonFields.parseObject(payload, what);
        JsonNode critical = JsonFields.field(root, "critical", what);
        if (critical == null || !critical.isObject()) {
            throw new MalformedSignatureException(what + " has no 'critical' section; it is not a cosign simple"
                    + " signing payload");
        }
        String type = JsonFields.text(critical, "type", what);
        if (!COSIGN_TYPE.equals(type)) {
            throw new MalformedSignatureException(what + " has critical.type "
                    + (type == null ? "missing" : "'" + Printable.shorten(type) + "'") + ", not '" + COSIGN_TYPE + "'");
        }
        JsonNode image = JsonFields.field(critical, "image", what);
        String digest = JsonFields.text(image, "docker-manifest-digest", what);
        if (digest == null || digest.isEmpty()) {
            throw new MalformedSignatureException(what + " has no critical.image.docker-manifest-digest");
        }
        JsonNode identity = JsonFields.field(critical, "identity", what);
        return new SimpleSigningPayload(digest, JsonFields.text(identity, "docker-reference", what));
    }
}
