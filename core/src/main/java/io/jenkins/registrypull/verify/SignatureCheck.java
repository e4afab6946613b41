package io.jenkins.registrypull.verify;

import java.io.Serializable;
import java.util.Objects;

/**
 * The cosign signature a pull verified. Only plain strings, so a plugin can keep it in a build
 * action as is. Nothing in it is secret: a fingerprint identifies a public key.
 *
 * @param keyFingerprint {@code SHA256:<hex>}: SHA-256 over the key's DER SubjectPublicKeyInfo, what
 *                       {@code openssl pkey -pubin -in cosign.pub -outform DER | sha256sum} prints
 * @param keyAlgorithm   e.g. {@code ECDSA P-256}, {@code RSA 3072}, {@code Ed25519}
 * @param scheme         the signature scheme that verified, e.g. {@code ECDSA P-256 with SHA-256}
 * @param signedDigest   the digest the signed payload names: the pulled manifest's or its index's
 * @param format         how the signature was stored: {@link #SIMPLE_SIGNING} or {@link #SIGSTORE_BUNDLE}
 * @param source         where it was found, e.g. {@code tag sha256-<hex>.sig} or
 *                       {@code referrer sha256:<digest> of sha256:<subject>}
 */
public record SignatureCheck(String keyFingerprint, String keyAlgorithm, String scheme, String signedDigest,
                             String format, String source) implements Serializable {

    private static final long serialVersionUID = 1L;

    /** A simple-signing payload in a {@code .sig} tag image or an OCI 1.1 signature referrer. */
    public static final String SIMPLE_SIGNING = "cosign simple signing";
    /** A Sigstore bundle (DSSE in-toto statement or message signature) attached as an OCI referrer. */
    public static final String SIGSTORE_BUNDLE = "Sigstore bundle";

    public SignatureCheck {
        Objects.requireNonNull(keyFingerprint, "keyFingerprint");
        Objects.requireNonNull(signedDigest, "signedDigest");
    }

    /** One line for logs and build pages. */
    public String describe() {
        return "cosign signature verified with key " + keyFingerprint + " (" + keyAlgorithm + ") via the " + source
                + " (" + format + ", " + scheme + "), payload names " + signedDigest;
    }
}
