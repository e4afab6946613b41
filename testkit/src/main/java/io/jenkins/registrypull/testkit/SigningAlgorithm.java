package io.jenkins.registrypull.testkit;

/** The JWS algorithms registry 2.8 verifies for tokens, with the key type each needs. */
public enum SigningAlgorithm {
    /** ECDSA P-256 with SHA-256; the signature is raw R||S (64 bytes), not DER. */
    ES256,
    /** RSA PKCS#1 v1.5 with SHA-256, 2048-bit key. */
    RS256
}
