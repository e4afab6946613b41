package io.jenkins.registrypull.verify;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Fingerprints of public keys: SHA-256 over the DER SubjectPublicKeyInfo, the bytes of the PEM
 * body. We print them as {@code SHA256:<64 lowercase hex>}, which a user can reproduce with
 * {@code openssl pkey -pubin -in cosign.pub -outform DER | sha256sum}. Cosign itself names a key
 * by the same hash in base64 (the {@code verificationMaterial.publicKey.hint} of a Sigstore bundle,
 * see cosign {@code pkg/cosign/bundle/protobundle.go} MakeNewBundle), so {@link #cosignHint} gives
 * that form for comparing with bundles. Hex was chosen for display because it cannot be mistaken
 * for a key and is what {@code sha256sum} prints.
 */
public final class KeyFingerprint {

    public static final String PREFIX = "SHA256:";

    private KeyFingerprint() {
    }

    /** {@code SHA256:<hex>} of the key's DER SubjectPublicKeyInfo. */
    public static String of(PublicKey key) {
        return PREFIX + HexFormat.of().formatHex(sha256(key.getEncoded()));
    }

    /** Base64 (standard, padded) of SHA-256 over the DER SubjectPublicKeyInfo, as cosign writes bundle hints. */
    public static String cosignHint(PublicKey key) {
        return Base64.getEncoder().encodeToString(sha256(key.getEncoded()));
    }

    /** Turns a cosign bundle hint back into our display form; null if it is not base64 of 32 bytes. */
    static String fromCosignHint(String hint) {
        try {
            byte[] bytes = Base64.getDecoder().decode(hint.trim());
            return bytes.length == 32 ? PREFIX + HexFormat.of().formatHex(bytes) : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM lacks SHA-256", e);
        }
    }
}
