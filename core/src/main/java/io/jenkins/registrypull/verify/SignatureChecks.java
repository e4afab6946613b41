package io.jenkins.registrypull.verify;

import io.jenkins.registrypull.error.SignatureVerificationException.Reason;
import io.jenkins.registrypull.reference.Digest;

import java.io.ByteArrayInputStream;
import java.security.PublicKey;
import java.security.cert.CertificateFactory;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;

/**
 * The checks of one signature artifact, with no registry access: given its bytes, does it verify
 * with the key, and does what it signed name an image this pull fetched? Cryptography comes first
 * and claims second, as cosign orders them ({@code pkg/cosign/verify.go}: verifyOCISignature, then
 * the claim verifier): nothing an unverified payload says is believed or repeated as fact.
 */
final class SignatureChecks {

    static final String SIGNATURE_ANNOTATION = "dev.cosignproject.cosign/signature";
    static final String CERTIFICATE_ANNOTATION = "dev.sigstore.cosign/certificate";

    private SignatureChecks() {
    }

    /** What checking one artifact showed. */
    sealed interface Outcome permits Verified, Rejected {
    }

    /**
     * @param scheme       the signature scheme that verified
     * @param signedDigest the digest the signed document names (one of the accepted ones)
     * @param format       {@link SignatureCheck#SIMPLE_SIGNING} or {@link SignatureCheck#SIGSTORE_BUNDLE}
     */
    record Verified(String scheme, String signedDigest, String format) implements Outcome {
    }

    /** @param detail what is wrong, phrased to follow "the signature at X " */
    record Rejected(Reason reason, String detail) implements Outcome {
    }

    /**
     * Checks one layer of a cosign signature image: a simple-signing payload and the base64
     * signature in its {@code dev.cosignproject.cosign/signature} annotation.
     *
     * @param accepted the digests a signature may name: the pulled manifest's and its index's
     * @return the outcome, or null when the layer is not a signature (another media type: cosign
     *         attachments can share the image, see the containers/image "other-attachment" fixture)
     */
    static Outcome simpleSigning(VerificationKey key, String layerMediaType, byte[] payload,
                                 Map<String, String> annotations, Set<Digest> accepted) {
        if (!SimpleSigningPayload.MEDIA_TYPE.equals(layerMediaType)) {
            return null;
        }
        String encoded = annotations.get(SIGNATURE_ANNOTATION);
        if (encoded == null || encoded.isBlank()) {
            return new Rejected(Reason.MALFORMED, "has no " + SIGNATURE_ANNOTATION + " annotation");
        }
        byte[] signature;
        try {
            // Go's base64 decoder, which cosign and containers/image use, skips line breaks (the
            // containers/image pki-valid fixture has them); anything else must be strict base64.
            signature = Base64.getDecoder().decode(encoded.replace("\n", "").replace("\r", "").trim());
        } catch (IllegalArgumentException e) {
            return new Rejected(Reason.MALFORMED, "has a " + SIGNATURE_ANNOTATION + " annotation that is not base64");
        }
        String scheme = SignatureVerifier.verify(key, payload, signature);
        if (scheme == null) {
            return cryptoFailure(key, certificateKey(annotations.get(CERTIFICATE_ANNOTATION)), null);
        }
        SimpleSigningPayload parsed;
        try {
            parsed = SimpleSigningPayload.parse(payload);
        } catch (MalformedSignatureException e) {
            return new Rejected(Reason.MALFORMED, "verifies with key " + key.fingerprint() + ", but "
                    + e.getMessage());
        }
        for (Digest digest : accepted) {
            if (digest.toString().equals(parsed.dockerManifestDigest())) {
                return new Verified(scheme, parsed.dockerManifestDigest(), SignatureCheck.SIMPLE_SIGNING);
            }
        }
        return digestMismatch(key, parsed.dockerManifestDigest(), accepted);
    }

    /**
     * Checks a Sigstore bundle (see {@link SigstoreBundle}).
     *
     * @return the outcome, or null when the bundle is not an image signature (an attestation, or
     *         a DSSE payload of another type)
     */
    static Outcome bundle(VerificationKey key, byte[] json, Set<Digest> accepted) {
        SigstoreBundle bundle;
        try {
            bundle = SigstoreBundle.parse(json);
        } catch (MalformedSignatureException e) {
            return new Rejected(Reason.MALFORMED, "is not a readable Sigstore bundle: " + e.getMessage());
        }
        String signerKey = bundle.certificateDer() != null ? certificateKey(bundle.certificateDer())
                : bundle.keyHint() != null ? KeyFingerprint.fromCosignHint(bundle.keyHint()) : null;
        String signerKind = bundle.certificateDer() != null ? "certificate" : "key hint";
        if (bundle.dsse() != null) {
            return dsse(key, bundle.dsse(), signerKey, signerKind, accepted);
        }
        return messageSignature(key, bundle.message(), signerKey, signerKind, accepted);
    }

    private static Outcome dsse(VerificationKey key, SigstoreBundle.Dsse dsse, String signerKey, String signerKind,
                                Set<Digest> accepted) {
        if (!InTotoStatement.PAYLOAD_TYPE.equals(dsse.payloadType())) {
            return null; // not an in-toto statement: not something cosign signs for an image
        }
        InTotoStatement statement;
        try {
            statement = InTotoStatement.parse(dsse.payload());
        } catch (MalformedSignatureException e) {
            return new Rejected(Reason.MALFORMED, "is not a readable DSSE envelope: " + e.getMessage());
        }
        if (!statement.isCosignSignature()) {
            return null; // an attestation (provenance, SBOM...) on the same image, not a signature
        }
        byte[] pae = SigstoreBundle.pae(dsse.payloadType(), dsse.payload());
        String scheme = null;
        for (byte[] signature : dsse.signatures()) {
            scheme = SignatureVerifier.verify(key, pae, signature);
            if (scheme != null) {
                break;
            }
        }
        if (scheme == null) {
            return cryptoFailure(key, signerKey, signerKind);
        }
        if (!statement.isStatement()) {
            return new Rejected(Reason.MALFORMED, "verifies with key " + key.fingerprint() + ", but its _type '"
                    + Printable.shorten(statement.type()) + "' is not an in-toto statement");
        }
        for (String subject : statement.subjectDigests()) {
            for (Digest digest : accepted) {
                if (digest.toString().equalsIgnoreCase(subject)) {
                    return new Verified(scheme + " (DSSE)", digest.toString(), SignatureCheck.SIGSTORE_BUNDLE);
                }
            }
        }
        return digestMismatch(key, statement.subjectDigests().isEmpty() ? "no digest"
                : String.join(", ", statement.subjectDigests().stream().map(Printable::shorten).toList()), accepted);
    }

    private static Outcome messageSignature(VerificationKey key, SigstoreBundle.MessageSignature message,
                                            String signerKey, String signerKind, Set<Digest> accepted) {
        if (!"SHA2_256".equals(message.digestAlgorithm())) {
            return new Rejected(Reason.MALFORMED, "is a message signature over a "
                    + Printable.shorten(message.digestAlgorithm()) + " digest; only SHA2_256 can name an image");
        }
        String scheme = SignatureVerifier.verifySha256Digest(key, message.digest(), message.signature());
        if (scheme == null) {
            if (key.kind() == VerificationKey.Kind.ED25519) {
                return new Rejected(Reason.MALFORMED, "is a message signature over a digest, which an Ed25519 key"
                        + " cannot make (Ed25519 signs whole messages); it was not made with this key");
            }
            return cryptoFailure(key, signerKey, signerKind);
        }
        String named = "sha256:" + HexFormat.of().formatHex(message.digest());
        for (Digest digest : accepted) {
            if (digest.toString().equals(named)) {
                return new Verified(scheme + " (message signature)", named, SignatureCheck.SIGSTORE_BUNDLE);
            }
        }
        return digestMismatch(key, named, accepted);
    }

    private static Rejected cryptoFailure(VerificationKey key, String signerKey, String signerKind) {
        if (signerKey != null && !signerKey.equals(key.fingerprint())) {
            String via = signerKind == null || "certificate".equals(signerKind)
                    ? " (it carries a signing certificate for that key: keyless or PKI signing, which this engine"
                            + " does not verify)"
                    : "";
            return new Rejected(Reason.WRONG_KEY, "was made by a different key, " + signerKey + via
                    + "; expected " + key.label());
        }
        if (signerKey != null) {
            return new Rejected(Reason.BAD_SIGNATURE, "names the expected key " + key.fingerprint()
                    + " but does not verify with it: the signature or its payload was altered (tampered)");
        }
        return new Rejected(Reason.BAD_SIGNATURE, "does not verify with key " + key.label()
                + ": it was made by a different key, or the signature or its payload was altered (tampered)");
    }

    private static Rejected digestMismatch(VerificationKey key, String named, Set<Digest> accepted) {
        return new Rejected(Reason.DIGEST_MISMATCH, "verifies with key " + key.fingerprint()
                + ", but the signed payload names " + Printable.shorten(named) + ", not the pulled "
                + String.join(" or ", accepted.stream().map(Digest::toString).toList())
                + ": it signs another image");
    }

    private static String certificateKey(String pem) {
        if (pem == null || pem.isBlank()) {
            return null;
        }
        try {
            PublicKey key = CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(pem.getBytes(java.nio.charset.StandardCharsets.US_ASCII)))
                    .getPublicKey();
            return KeyFingerprint.of(key);
        } catch (Exception unreadable) {
            return null;
        }
    }

    private static String certificateKey(byte[] der) {
        try {
            PublicKey key = CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der))
                    .getPublicKey();
            return KeyFingerprint.of(key);
        } catch (Exception unreadable) {
            return null;
        }
    }
}
