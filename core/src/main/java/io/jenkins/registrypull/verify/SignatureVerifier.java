package io.jenkins.registrypull.verify;

import java.security.GeneralSecurityException;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.AlgorithmParameterSpec;
import java.security.spec.EdDSAParameterSpec;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Checks a raw signature over bytes with a {@link VerificationKey}, accepting each signature
 * scheme cosign may have used with that key type. No scheme information travels with a cosign
 * signature (cosign SIGNATURE_SPEC: "clients must determine the signature scheme out-of-band"), so
 * a verifier has to know what signers produce; here is what they do, from cosign and
 * sigstore/sigstore sources:
 *
 * <ul>
 *   <li><b>ECDSA</b>: ASN.1 DER signatures ({@code ecdsa.SignASN1}, sigstore {@code ecdsa.go}). The
 *       hash is SHA-256 for {@code cosign sign --key} up to v2 and for every {@code cosign verify}
 *       default ({@code --signature-digest-algorithm sha256}); sigstore's algorithm registry
 *       ({@code algorithm_registry.go}) pairs P-384 with SHA-384 and P-521 with SHA-512, which is
 *       what {@code LoadDefaultSignerVerifier} (cosign v2.5+ and v3 signing) uses. So the curve's
 *       own hash is tried first, then SHA-256. Both hashes are collision resistant, so accepting
 *       either does not let anyone forge a signature.</li>
 *   <li><b>RSA</b>: PKCS#1 v1.5 with SHA-256 (sigstore loads RSA keys with
 *       {@code LoadRSAPKCS1v15Verifier}; PKIX_RSA_PKCS1V15_*_SHA256 in the registry). RSASSA-PSS
 *       with SHA-256 (PKIX_RSA_PSS_*_SHA256, only from KMS keys configured for PSS) is accepted with
 *       the salt lengths Go uses: the hash length, and the maximum (Go's {@code PSSSaltLengthAuto}
 *       when signing).</li>
 *   <li><b>Ed25519</b>: pure Ed25519 over the message (cosign before 2.x defaults changed, and
 *       {@code LoadDefaultVerifier}), and Ed25519ph (RFC 8032 prehash with SHA-512), which cosign
 *       now uses by default ({@code GetDefaultLoadOptions}: "Cosign uses ED25519ph by default for
 *       ED25519 keys"); cosign's own verifier accepts both ({@code ed25519CompatibleVerifier}).</li>
 * </ul>
 */
final class SignatureVerifier {

    /** DER prefix of a DigestInfo for SHA-256 (RFC 8017 section 9.2, note 1). */
    private static final byte[] SHA256_DIGEST_INFO = HexFormat.of().parseHex("3031300d060960864801650304020105000420");

    private SignatureVerifier() {
    }

    /** One way of checking a signature: a JCA algorithm name and its parameters. */
    private record Scheme(String label, String jcaName, AlgorithmParameterSpec parameters) {
    }

    /**
     * Verifies {@code signature} over {@code message}.
     *
     * @return the scheme that verified it, e.g. {@code ECDSA P-256 with SHA-256}, or null if none did
     */
    static String verify(VerificationKey key, byte[] message, byte[] signature) {
        if (signature == null || signature.length == 0) {
            return null;
        }
        for (Scheme scheme : schemes(key)) {
            if (check(key, scheme, message, signature)) {
                return scheme.label();
            }
        }
        return null;
    }

    /**
     * Verifies a signature made over a SHA-256 digest rather than over the message (a Sigstore
     * bundle's messageSignature whose artifact is known only by digest). Possible for ECDSA and
     * RSA PKCS#1 v1.5, where the digest is what gets signed; Ed25519 signs the message itself.
     *
     * @return the scheme that verified it, or null
     */
    static String verifySha256Digest(VerificationKey key, byte[] sha256, byte[] signature) {
        if (signature == null || signature.length == 0 || sha256.length != 32) {
            return null;
        }
        return switch (key.kind()) {
            case ECDSA_P256, ECDSA_P384, ECDSA_P521 -> check(key, new Scheme("", "NONEwithECDSA", null), sha256,
                    signature) ? key.description() + " over a SHA-256 digest" : null;
            case RSA -> {
                byte[] digestInfo = new byte[SHA256_DIGEST_INFO.length + sha256.length];
                System.arraycopy(SHA256_DIGEST_INFO, 0, digestInfo, 0, SHA256_DIGEST_INFO.length);
                System.arraycopy(sha256, 0, digestInfo, SHA256_DIGEST_INFO.length, sha256.length);
                yield check(key, new Scheme("", "NONEwithRSA", null), digestInfo, signature)
                        ? key.description() + " PKCS#1 v1.5 over a SHA-256 digest" : null;
            }
            case ED25519 -> null;
        };
    }

    private static List<Scheme> schemes(VerificationKey key) {
        List<Scheme> schemes = new ArrayList<>();
        String name = key.description();
        switch (key.kind()) {
            case ECDSA_P256 -> schemes.add(new Scheme(name + " with SHA-256", "SHA256withECDSA", null));
            case ECDSA_P384 -> {
                schemes.add(new Scheme(name + " with SHA-384", "SHA384withECDSA", null));
                schemes.add(new Scheme(name + " with SHA-256", "SHA256withECDSA", null));
            }
            case ECDSA_P521 -> {
                schemes.add(new Scheme(name + " with SHA-512", "SHA512withECDSA", null));
                schemes.add(new Scheme(name + " with SHA-256", "SHA256withECDSA", null));
            }
            case RSA -> {
                schemes.add(new Scheme(name + " PKCS#1 v1.5 with SHA-256", "SHA256withRSA", null));
                int modulusBits = ((RSAPublicKey) key.key()).getModulus().bitLength();
                int emLength = (modulusBits - 1 + 7) / 8;
                int maxSalt = emLength - 32 - 2;
                schemes.add(new Scheme(name + " PSS with SHA-256", "RSASSA-PSS", pss(32)));
                if (maxSalt > 32) {
                    schemes.add(new Scheme(name + " PSS with SHA-256", "RSASSA-PSS", pss(maxSalt)));
                }
            }
            case ED25519 -> { // current cosign's default first
                schemes.add(new Scheme("Ed25519ph", "Ed25519", new EdDSAParameterSpec(true)));
                schemes.add(new Scheme("Ed25519", "Ed25519", null));
            }
        }
        return schemes;
    }

    private static PSSParameterSpec pss(int saltLength) {
        return new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, saltLength,
                PSSParameterSpec.TRAILER_FIELD_BC);
    }

    private static boolean check(VerificationKey key, Scheme scheme, byte[] message, byte[] signature) {
        try {
            Signature verifier = Signature.getInstance(scheme.jcaName());
            verifier.initVerify(key.key());
            if (scheme.parameters() != null) {
                verifier.setParameter(scheme.parameters());
            }
            verifier.update(message);
            return verifier.verify(signature);
        } catch (GeneralSecurityException | RuntimeException malformed) {
            return false; // a signature that does not even decode (bad DER, wrong length) verifies nothing
        }
    }
}
