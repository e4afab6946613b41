package io.jenkins.registrypull.verify;

import io.jenkins.registrypull.testkit.CosignSigner;
import io.jenkins.registrypull.testkit.CosignSigner.Defaults;
import io.jenkins.registrypull.testkit.CosignSigner.KeyType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.Base64;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;

/** Each scheme cosign signs with verifies; a flipped bit, other bytes or another key do not. */
class SignatureVerifierTest {

    private static final byte[] MESSAGE = "{\"critical\":{}}".getBytes(StandardCharsets.UTF_8);

    private static VerificationKey key(CosignSigner signer) throws Exception {
        return PublicKeys.parse(signer.publicKeyPem(), "verifyKey");
    }

    @ParameterizedTest
    @EnumSource(KeyType.class)
    void testVerify_currentAndLegacyCosignDefaults(KeyType type) throws Exception {
        CosignSigner generated = CosignSigner.generate(type);
        VerificationKey otherKey = key(CosignSigner.generate(type));
        for (Defaults defaults : Defaults.values()) {
            CosignSigner signer = generated.withDefaults(defaults);
            VerificationKey key = key(signer);
            byte[] signature = signer.sign(MESSAGE);
            assertThat(SignatureVerifier.verify(key, MESSAGE, signature)).as(type + " " + defaults).isNotNull();

            byte[] flipped = signature.clone();
            flipped[flipped.length / 2] ^= 0x01;
            assertThat(SignatureVerifier.verify(key, MESSAGE, flipped)).isNull();
            assertThat(SignatureVerifier.verify(key, "other".getBytes(StandardCharsets.UTF_8), signature)).isNull();
            assertThat(SignatureVerifier.verify(otherKey, MESSAGE, signature)).isNull();
            assertThat(SignatureVerifier.verify(key, MESSAGE, new byte[0])).isNull();
        }
    }

    @Test
    void testVerify_schemeNames() throws Exception {
        CosignSigner p384 = CosignSigner.generate(KeyType.ECDSA_P384, Defaults.CURRENT);
        assertThat(SignatureVerifier.verify(key(p384), MESSAGE, p384.sign(MESSAGE))).isEqualTo("ECDSA P-384 with SHA-384");
        CosignSigner p384Legacy = p384.withDefaults(Defaults.LEGACY);
        assertThat(SignatureVerifier.verify(key(p384Legacy), MESSAGE, p384Legacy.sign(MESSAGE)))
                .isEqualTo("ECDSA P-384 with SHA-256");
        CosignSigner ed = CosignSigner.generate(KeyType.ED25519, Defaults.CURRENT);
        assertThat(SignatureVerifier.verify(key(ed), MESSAGE, ed.sign(MESSAGE))).isEqualTo("Ed25519ph");
        CosignSigner edLegacy = ed.withDefaults(Defaults.LEGACY);
        assertThat(SignatureVerifier.verify(key(edLegacy), MESSAGE, edLegacy.sign(MESSAGE))).isEqualTo("Ed25519");
        CosignSigner rsa = CosignSigner.generate(KeyType.RSA_2048);
        assertThat(SignatureVerifier.verify(key(rsa), MESSAGE, rsa.sign(MESSAGE)))
                .isEqualTo("RSA 2048 PKCS#1 v1.5 with SHA-256");
    }

    @Test
    void testVerify_ed25519phRfc8032Vector() throws Exception {
        // RFC 8032 section 7.3, Ed25519ph, message "abc": the prehash cosign uses for Ed25519 keys by default
        byte[] spki = HexFormat.of().parseHex("302a300506032b6570032100"
                + "ec172b93ad5e563bf4932c70e1245034c35467ef2efd4d64ebf819683467e2bf");
        String pem = "-----BEGIN PUBLIC KEY-----\n" + Base64.getEncoder().encodeToString(spki)
                + "\n-----END PUBLIC KEY-----\n";
        byte[] signature = HexFormat.of().parseHex("98a70222f0b8121aa9d30f813d683f809e462b469c7ff87639499bb94e6dae41"
                + "31f85042463c2a355a2003d062adf5aaa10b8c61e636062aaad11c2a26083406");
        assertThat(SignatureVerifier.verify(PublicKeys.parse(pem, "k"), "abc".getBytes(StandardCharsets.US_ASCII),
                signature)).isEqualTo("Ed25519ph");
    }

    @Test
    void testVerify_rsaPssWithGoSaltLengths() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(3072); // not 2048: the maximum salt then differs from the hash length by more
        KeyPair pair = generator.generateKeyPair();
        String pem = "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder().encodeToString(pair.getPublic()
                .getEncoded()) + "\n-----END PUBLIC KEY-----\n";
        VerificationKey key = PublicKeys.parse(pem, "verifyKey");
        int maxSalt = (3072 - 1 + 7) / 8 - 32 - 2;
        for (int salt : new int[] {32, maxSalt}) {
            Signature pss = Signature.getInstance("RSASSA-PSS");
            pss.setParameter(new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, salt, 1));
            pss.initSign(pair.getPrivate());
            pss.update(MESSAGE);
            assertThat(SignatureVerifier.verify(key, MESSAGE, pss.sign())).isEqualTo("RSA 3072 PSS with SHA-256");
        }
    }

    @Test
    void testVerifySha256Digest_ecdsaAndRsa() throws Exception {
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(MESSAGE);
        for (KeyType type : new KeyType[] {KeyType.ECDSA_P256, KeyType.ECDSA_P384, KeyType.RSA_2048}) {
            CosignSigner signer = CosignSigner.generate(type, Defaults.LEGACY); // SHA-256 for every curve
            assertThat(SignatureVerifier.verifySha256Digest(key(signer), digest, signer.sign(MESSAGE))).as(type.name())
                    .isNotNull();
            assertThat(SignatureVerifier.verifySha256Digest(key(signer), new byte[32], signer.sign(MESSAGE))).isNull();
        }
        CosignSigner ed = CosignSigner.generate(KeyType.ED25519);
        assertThat(SignatureVerifier.verifySha256Digest(key(ed), digest, ed.sign(MESSAGE))).isNull();
    }
}
