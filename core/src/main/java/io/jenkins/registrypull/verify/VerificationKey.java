package io.jenkins.registrypull.verify;

import io.jenkins.registrypull.error.InvalidInputException;

import java.security.PublicKey;
import java.util.Objects;

/**
 * A public key that signatures are checked against, as the user gave it (a cosign {@code cosign.pub}),
 * with what a log line needs: the algorithm and the fingerprint. It holds no secret; the PEM text
 * it came from is not kept.
 *
 * @param key         the parsed key
 * @param kind        which of the supported key types it is
 * @param description e.g. {@code ECDSA P-256}, {@code RSA 3072}, {@code Ed25519}
 * @param fingerprint {@link KeyFingerprint#of} the key: {@code SHA256:<hex>}
 */
public record VerificationKey(PublicKey key, Kind kind, String description, String fingerprint) {

    /** The key types cosign signs with (sigstore's algorithm registry), RSA of any size from 2048 bits. */
    public enum Kind { ECDSA_P256, ECDSA_P384, ECDSA_P521, RSA, ED25519 }

    public VerificationKey {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(kind, "kind");
    }

    /** Parses a PEM public key; see {@link PublicKeys#parse}. */
    public static VerificationKey parsePem(String pem, String field) throws InvalidInputException {
        return PublicKeys.parse(pem, field);
    }

    /** {@code SHA256:ab12... (ECDSA P-256)}: how messages name the key. */
    public String label() {
        return fingerprint + " (" + description + ")";
    }

    /** The hint cosign puts in a Sigstore bundle made with this key: base64 of the same SHA-256. */
    public String cosignHint() {
        return KeyFingerprint.cosignHint(key);
    }

    @Override
    public String toString() {
        return "VerificationKey[" + label() + "]";
    }
}
