package io.jenkins.registrypull.verify;

import io.jenkins.registrypull.error.InvalidInputException;

import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;

/**
 * Reads the public key a user gives (the {@code cosign.pub} that {@code cosign generate-key-pair}
 * writes, or {@code cosign public-key} prints): one PEM block {@code PUBLIC KEY} holding a DER
 * SubjectPublicKeyInfo. Accepted are the key types cosign signs with: ECDSA on P-256, P-384 and
 * P-521, RSA from 2048 bits, and Ed25519 (the JDK reads all of them from X.509 SPKI since Java 15).
 *
 * <p>Errors name the field and say what was given instead (a private key, a certificate, a
 * PKCS#1 RSA key) without ever repeating the text: a user who pastes a private key by mistake must
 * not find it in a build log.
 */
public final class PublicKeys {

    /** A PEM public key is well under 2 KiB even for RSA 8192; more is not a key. */
    static final int MAX_PEM_CHARS = 64 * 1024;
    static final int MIN_RSA_BITS = 2048;
    static final int MAX_RSA_BITS = 16384;
    private static final String SUPPORTED = "supported: ECDSA P-256, P-384 or P-521, RSA of 2048 bits or more, Ed25519";
    private static final Map<String, VerificationKey.Kind> CURVES = Map.of(
            "1.2.840.10045.3.1.7", VerificationKey.Kind.ECDSA_P256,
            "secp256r1", VerificationKey.Kind.ECDSA_P256,
            "1.3.132.0.34", VerificationKey.Kind.ECDSA_P384,
            "secp384r1", VerificationKey.Kind.ECDSA_P384,
            "1.3.132.0.35", VerificationKey.Kind.ECDSA_P521,
            "secp521r1", VerificationKey.Kind.ECDSA_P521);

    private PublicKeys() {
    }

    /**
     * Parses PEM text holding exactly one public key.
     *
     * @param field the option the text came from (e.g. {@code verifyKey}), named in every error
     */
    public static VerificationKey parse(String pem, String field) throws InvalidInputException {
        if (pem == null || pem.isBlank()) {
            throw new InvalidInputException(field, "a PEM public key is required (-----BEGIN PUBLIC KEY-----, e.g."
                    + " the cosign.pub written by `cosign generate-key-pair`)");
        }
        if (pem.length() > MAX_PEM_CHARS) {
            throw new InvalidInputException(field, "the text is " + pem.length() + " characters long; a PEM public"
                    + " key has a few hundred. Give only the public key (cosign.pub).");
        }
        byte[] der = onlyPublicKeyBlock(pem, field);
        PublicKey key = decode(der, field);
        return describe(key, field);
    }

    private static byte[] onlyPublicKeyBlock(String pem, String field) throws InvalidInputException {
        String upper = pem.toUpperCase(Locale.ROOT);
        if (upper.contains("PRIVATE KEY-----")) {
            throw new InvalidInputException(field, "the text holds a PRIVATE key. Give the public key instead"
                    + " (cosign.pub, or the output of `cosign public-key --key cosign.key`); the private key stays"
                    + " with whoever signs.");
        }
        if (upper.contains("-----BEGIN CERTIFICATE-----")) {
            throw new InvalidInputException(field, "the text holds a certificate; keyless and certificate-based"
                    + " cosign verification is not supported. Give the signer's public key (-----BEGIN PUBLIC KEY-----).");
        }
        if (upper.contains("-----BEGIN RSA PUBLIC KEY-----")) {
            throw new InvalidInputException(field, "the text holds a PKCS#1 RSA key; give it as a SubjectPublicKeyInfo"
                    + " PEM (-----BEGIN PUBLIC KEY-----), e.g. `openssl rsa -RSAPublicKey_in -in key.pem -pubout`.");
        }
        String begin = "-----BEGIN PUBLIC KEY-----";
        String end = "-----END PUBLIC KEY-----";
        int start = pem.indexOf(begin);
        int stop = start < 0 ? -1 : pem.indexOf(end, start);
        if (start < 0 || stop < 0) {
            throw new InvalidInputException(field, "not a PEM public key: expected a block from " + begin + " to "
                    + end + " (" + SUPPORTED + ")");
        }
        if (pem.indexOf(begin, stop) >= 0) {
            throw new InvalidInputException(field, "the text holds more than one public key; give exactly one");
        }
        String body = pem.substring(start + begin.length(), stop).replaceAll("\\s", "");
        try {
            return Base64.getDecoder().decode(body);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(field, "the PEM public key's body is not valid base64");
        }
    }

    private static PublicKey decode(byte[] der, String field) throws InvalidInputException {
        for (String algorithm : new String[] {"EC", "RSA", "Ed25519"}) {
            try {
                return KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(der));
            } catch (GeneralSecurityException | RuntimeException notThisType) {
                // try the next type; the JDK rejects an SPKI whose algorithm OID differs
            }
        }
        throw new InvalidInputException(field, "the PEM block is not a public key of a supported type (" + SUPPORTED
                + ")");
    }

    private static VerificationKey describe(PublicKey key, String field) throws InvalidInputException {
        String fingerprint = KeyFingerprint.of(key);
        if (key instanceof ECPublicKey ec) {
            VerificationKey.Kind kind = curveOf(ec);
            if (kind == null) {
                throw new InvalidInputException(field, "the ECDSA key is on a curve cosign does not sign with ("
                        + SUPPORTED + ")");
            }
            String name = switch (kind) {
                case ECDSA_P256 -> "ECDSA P-256";
                case ECDSA_P384 -> "ECDSA P-384";
                default -> "ECDSA P-521";
            };
            return new VerificationKey(key, kind, name, fingerprint);
        }
        if (key instanceof RSAPublicKey rsa) {
            int bits = rsa.getModulus().bitLength();
            if (bits < MIN_RSA_BITS || bits > MAX_RSA_BITS) {
                throw new InvalidInputException(field, "the RSA key has " + bits + " bits; accepted are "
                        + MIN_RSA_BITS + " to " + MAX_RSA_BITS + " bits");
            }
            return new VerificationKey(key, VerificationKey.Kind.RSA, "RSA " + bits, fingerprint);
        }
        if ("Ed25519".equalsIgnoreCase(key.getAlgorithm()) || "EdDSA".equalsIgnoreCase(key.getAlgorithm())) {
            return new VerificationKey(key, VerificationKey.Kind.ED25519, "Ed25519", fingerprint);
        }
        throw new InvalidInputException(field, "the key type " + key.getAlgorithm() + " is not supported (" + SUPPORTED
                + ")");
    }

    private static VerificationKey.Kind curveOf(ECPublicKey key) {
        try {
            AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
            parameters.init(key.getParams());
            String name = parameters.getParameterSpec(ECGenParameterSpec.class).getName();
            return CURVES.get(name);
        } catch (GeneralSecurityException | RuntimeException unnamed) {
            return null; // explicit curve parameters or a curve the JDK cannot name
        }
    }
}
