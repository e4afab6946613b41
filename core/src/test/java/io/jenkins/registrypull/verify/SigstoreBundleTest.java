package io.jenkins.registrypull.verify;

import io.jenkins.registrypull.error.SignatureVerificationException.Reason;
import io.jenkins.registrypull.reference.Digest;
import io.jenkins.registrypull.testkit.CosignSigner;
import io.jenkins.registrypull.testkit.CosignSigner.KeyType;
import io.jenkins.registrypull.verify.SignatureChecks.Outcome;
import io.jenkins.registrypull.verify.SignatureChecks.Rejected;
import io.jenkins.registrypull.verify.SignatureChecks.Verified;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Sigstore bundles as cosign v3 writes them for an image: DSSE over an in-toto statement, key hint. */
class SigstoreBundleTest {

    private static final Digest IMAGE = Digest.parseTrusted("sha256:" + "c".repeat(64));
    private static final Digest OTHER = Digest.parseTrusted("sha256:" + "d".repeat(64));

    private static VerificationKey key(CosignSigner signer) throws Exception {
        return PublicKeys.parse(signer.publicKeyPem(), "verifyKey");
    }

    @Test
    void testPae_dsseSpecExample() {
        // DSSE protocol.md: PAE("http://example.com/HelloWorld", "hello world")
        assertThat(new String(SigstoreBundle.pae("http://example.com/HelloWorld",
                "hello world".getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8))
                .isEqualTo("DSSEv1 29 http://example.com/HelloWorld 11 hello world");
    }

    @ParameterizedTest
    @EnumSource(KeyType.class)
    void testDsseBundle_verifies(KeyType type) throws Exception {
        CosignSigner signer = CosignSigner.generate(type);
        Outcome outcome = SignatureChecks.bundle(key(signer), signer.dsseBundle(CosignSigner.cosignStatement(
                IMAGE.toString())), Set.of(IMAGE));
        assertThat(outcome).isInstanceOfSatisfying(Verified.class, v -> {
            assertThat(v.signedDigest()).isEqualTo(IMAGE.toString());
            assertThat(v.format()).isEqualTo(SignatureCheck.SIGSTORE_BUNDLE);
            assertThat(v.scheme()).endsWith("(DSSE)");
        });
    }

    @Test
    void testDsseBundle_failures() throws Exception {
        CosignSigner signer = CosignSigner.generate(KeyType.ECDSA_P256);
        CosignSigner other = CosignSigner.generate(KeyType.ECDSA_P256);
        byte[] statement = CosignSigner.cosignStatement(IMAGE.toString());

        // another key: the bundle's hint names it, so the message can say so for sure
        assertThat(SignatureChecks.bundle(key(other), signer.dsseBundle(statement), Set.of(IMAGE)))
                .isInstanceOfSatisfying(Rejected.class, r -> {
                    assertThat(r.reason()).isEqualTo(Reason.WRONG_KEY);
                    assertThat(r.detail()).contains("different key, " + KeyFingerprint.of(signer.publicKey()));
                });
        // the right key named, the signature altered: tampered
        byte[] signature = signer.sign(CosignSigner.pae(CosignSigner.IN_TOTO_PAYLOAD_TYPE, statement));
        signature[10] ^= 0x01;
        assertThat(SignatureChecks.bundle(key(signer), signer.dsseBundle(statement, signature), Set.of(IMAGE)))
                .isInstanceOfSatisfying(Rejected.class, r -> {
                    assertThat(r.reason()).isEqualTo(Reason.BAD_SIGNATURE);
                    assertThat(r.detail()).contains("tampered");
                });
        // a valid signature of another image
        assertThat(SignatureChecks.bundle(key(signer), signer.dsseBundle(CosignSigner.cosignStatement(
                OTHER.toString())), Set.of(IMAGE)))
                .isInstanceOfSatisfying(Rejected.class, r -> {
                    assertThat(r.reason()).isEqualTo(Reason.DIGEST_MISMATCH);
                    assertThat(r.detail()).contains(OTHER.toString()).contains("not the pulled " + IMAGE);
                });
        // an attestation (SLSA provenance) by the same key is not a signature
        byte[] provenance = new String(statement, StandardCharsets.UTF_8)
                .replace(CosignSigner.COSIGN_SIGN_PREDICATE, "https://slsa.dev/provenance/v1")
                .getBytes(StandardCharsets.UTF_8);
        assertThat(SignatureChecks.bundle(key(signer), signer.dsseBundle(provenance), Set.of(IMAGE))).isNull();
        // not a bundle at all
        assertThat(SignatureChecks.bundle(key(signer), "{\"mediaType\":\"text/plain\"}".getBytes(
                StandardCharsets.UTF_8), Set.of(IMAGE)))
                .isInstanceOfSatisfying(Rejected.class, r -> assertThat(r.reason()).isEqualTo(Reason.MALFORMED));
    }

    @Test
    void testRealCosignBundle_dsseVerifiesWithItsCertificateKey_andIsNoSignature() throws Exception {
        byte[] json;
        try (var in = getClass().getResourceAsStream("/sigstore/oci-attestation.sigstore.json")) {
            json = in.readAllBytes();
        }
        SigstoreBundle bundle = SigstoreBundle.parse(json);
        assertThat(bundle.dsse().payloadType()).isEqualTo("application/vnd.in-toto+json");
        var certificateKey = java.security.cert.CertificateFactory.getInstance("X.509")
                .generateCertificate(new java.io.ByteArrayInputStream(bundle.certificateDer())).getPublicKey();
        VerificationKey key = PublicKeys.parse("-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder().encodeToString(certificateKey.getEncoded()) + "\n-----END PUBLIC KEY-----\n",
                "verifyKey");
        byte[] pae = SigstoreBundle.pae(bundle.dsse().payloadType(), bundle.dsse().payload());
        assertThat(SignatureVerifier.verify(key, pae, bundle.dsse().signatures().get(0)))
                .isEqualTo("ECDSA P-256 with SHA-256");
        InTotoStatement statement = InTotoStatement.parse(bundle.dsse().payload());
        assertThat(statement.isStatement()).isTrue();
        assertThat(statement.subjectDigests())
                .containsExactly("sha256:732112270d7e59418a8c080b134b24cabd67d250d0d0147a97ed95ba5c280aa4");
        // an attestation (predicate https://cosign.sigstore.dev/attestation/v1), not an image signature
        assertThat(SignatureChecks.bundle(key, json, Set.of(Digest.parseTrusted(statement.subjectDigests().get(0)))))
                .isNull();
    }

    @Test
    void testMessageSignatureBundle() throws Exception {
        CosignSigner signer = CosignSigner.generate(KeyType.ECDSA_P256);
        byte[] manifest = "{\"schemaVersion\":2}".getBytes(StandardCharsets.UTF_8);
        byte[] sha256 = MessageDigest.getInstance("SHA-256").digest(manifest);
        Digest digest = Digest.fromBytes("sha256", sha256);
        String bundle = "{\"mediaType\":\"application/vnd.dev.sigstore.bundle+json;version=0.3\","
                + "\"verification_material\":{\"public_key\":{\"hint\":\"" + signer.bundleKeyHint() + "\"}},"
                + "\"messageSignature\":{\"messageDigest\":{\"algorithm\":\"SHA2_256\",\"digest\":\""
                + Base64.getEncoder().encodeToString(sha256) + "\"},\"signature\":\""
                + Base64.getEncoder().encodeToString(signer.sign(manifest)) + "\"}}";
        assertThat(SignatureChecks.bundle(key(signer), bundle.getBytes(StandardCharsets.UTF_8), Set.of(digest)))
                .isInstanceOfSatisfying(Verified.class, v -> assertThat(v.scheme()).contains("message signature"));
        assertThat(SignatureChecks.bundle(key(signer), bundle.getBytes(StandardCharsets.UTF_8), Set.of(IMAGE)))
                .isInstanceOfSatisfying(Rejected.class, r -> assertThat(r.reason()).isEqualTo(Reason.DIGEST_MISMATCH));
    }
}
