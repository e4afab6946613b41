package io.jenkins.registrypull.verify;

import io.jenkins.registrypull.json.JsonTrees;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.registrypull.error.SignatureVerificationException;
import io.jenkins.registrypull.error.SignatureVerificationException.Reason;
import io.jenkins.registrypull.error.UnsupportedManifestException;
import io.jenkins.registrypull.http.ErrorResponses;
import io.jenkins.registrypull.http.HttpClientFactory;
import io.jenkins.registrypull.http.RegistryEndpoint;
import io.jenkins.registrypull.manifest.ImageManifest;
import io.jenkins.registrypull.manifest.ManifestParser;
import io.jenkins.registrypull.manifest.MediaType;
import io.jenkins.registrypull.manifest.ResolvedImage;
import io.jenkins.registrypull.reference.Digest;
import io.jenkins.registrypull.reference.ImageReference;
import io.jenkins.registrypull.registry.RegistryClient;
import io.jenkins.registrypull.testing.MockRegistry;
import io.jenkins.registrypull.testkit.CosignSigner;
import io.jenkins.registrypull.verify.CosignFixtures.StoredSignature;
import io.jenkins.registrypull.verify.SignatureChecks.Outcome;
import io.jenkins.registrypull.verify.SignatureChecks.Rejected;
import io.jenkins.registrypull.verify.SignatureChecks.Verified;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The real cosign signatures from containers/image verify or fail exactly as their names say
 * (see {@code src/test/resources/cosign/README.md} for what each one proves), first through
 * {@link SignatureChecks} directly, then stored the way cosign stores them in a registry and found
 * by {@link CosignVerifier}.
 */
class CosignFixturesTest {

    private static final String SIGNED_DIGEST = "sha256:634a8f35b5f16dcf4aaa0822adc0b1964bb786fca12f6831de8ddc45e5986a00";
    private final VerificationKey cosignPub = key("cosign.pub");
    private final VerificationKey cosign2Pub = key("cosign2.pub");

    private static VerificationKey key(String file) {
        try {
            return PublicKeys.parse(CosignFixtures.text(file), "verifyKey");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static Digest manifestDigest(String dir) {
        return Digest.sha256(CosignFixtures.bytes(dir + "/manifest.json"));
    }

    private static List<Outcome> check(String dir, VerificationKey key, Set<Digest> accepted) {
        List<Outcome> outcomes = new ArrayList<>();
        for (int i = 1; CosignFixtures.exists(dir + "/signature-" + i); i++) {
            StoredSignature s = CosignFixtures.signature(dir + "/signature-" + i);
            outcomes.add(SignatureChecks.simpleSigning(key, s.mimeType(), s.payload(), s.annotations(), accepted));
        }
        return outcomes;
    }

    private static List<Outcome> check(String dir, VerificationKey key) {
        return check(dir, key, Set.of(manifestDigest(dir)));
    }

    @Test
    void testKeyFingerprints_matchOpensslSha256OfDer() {
        // openssl pkey -pubin -in cosign.pub -outform DER | sha256sum
        assertThat(cosignPub.fingerprint())
                .isEqualTo("SHA256:c87a79018f346cc02482448b77296b0bea143ef2ccab99b04776fb0f638f301f");
        assertThat(cosign2Pub.fingerprint())
                .isEqualTo("SHA256:5e7eb6c1e2e6db06470ae59ee8253b3dc4ce33beefb9a0cca06a371cfc0ebdfa");
        assertThat(cosignPub.cosignHint()).isEqualTo("yHp5AY80bMAkgkSLdylrC+oUPvLMq5mwR3b7D2OPMB8=");
        assertThat(cosignPub.description()).isEqualTo("ECDSA P-256");
    }

    @Test
    void testTestkitPayload_isByteForByteWhatCosignSigns() {
        // the testkit's CosignSigner must write the payload real cosign writes, or its tests prove less
        assertThat(CosignSigner.simpleSigningPayload(SIGNED_DIGEST, "192.168.64.2:5000/cosign-signed-single-sample"))
                .isEqualTo(CosignFixtures.signature("dir-img-cosign-valid/signature-1").payload());
    }

    @ParameterizedTest
    @ValueSource(strings = {"dir-img-cosign-valid", "dir-img-cosign-valid-2", "dir-img-cosign-valid-with-tag"})
    void testValid_everySignatureVerifies(String dir) {
        assertThat(check(dir, cosignPub)).isNotEmpty().allSatisfy(o -> {
            assertThat(o).isInstanceOf(Verified.class);
            assertThat(((Verified) o).signedDigest()).isEqualTo(SIGNED_DIGEST);
            assertThat(((Verified) o).scheme()).isEqualTo("ECDSA P-256 with SHA-256");
            assertThat(((Verified) o).format()).isEqualTo(SignatureCheck.SIMPLE_SIGNING);
        });
        assertThat(manifestDigest(dir).toString()).isEqualTo(SIGNED_DIGEST);
    }

    @Test
    void testMixed_unknownKeyThenValid() {
        List<Outcome> outcomes = check("dir-img-cosign-mixed", cosignPub);
        assertThat(outcomes).hasSize(2);
        assertThat(outcomes.get(0)).isInstanceOfSatisfying(Rejected.class,
                r -> assertThat(r.reason()).isEqualTo(Reason.BAD_SIGNATURE));
        assertThat(outcomes.get(1)).isInstanceOf(Verified.class);
    }

    @Test
    void testModifiedManifest_signatureNamesAnotherDigest() {
        Digest pulled = manifestDigest("dir-img-cosign-modified-manifest");
        assertThat(check("dir-img-cosign-modified-manifest", cosignPub)).singleElement()
                .isInstanceOfSatisfying(Rejected.class, r -> {
                    assertThat(r.reason()).isEqualTo(Reason.DIGEST_MISMATCH);
                    assertThat(r.detail()).contains("names " + SIGNED_DIGEST).contains("not the pulled " + pulled);
                });
    }

    @Test
    void testManifestDigestError_schema1IsRefusedBeforeAnySignatureCheck() {
        byte[] schema1 = CosignFixtures.bytes("dir-img-cosign-manifest-digest-error/manifest.json");
        assertThatThrownBy(() -> new ManifestParser(new JsonTrees()).parse(schema1, null, "fixture"))
                .isInstanceOf(UnsupportedManifestException.class).hasMessageContaining("schema 1");
        // and were its raw bytes taken as the image anyway, the signature names another digest
        assertThat(check("dir-img-cosign-manifest-digest-error", cosignPub)).singleElement()
                .isInstanceOfSatisfying(Rejected.class, r -> assertThat(r.reason()).isEqualTo(Reason.DIGEST_MISMATCH));
    }

    @Test
    void testNoManifest_aValidSignatureBindsNothingByItself() {
        Digest other = manifestDigest("dir-img-cosign-modified-manifest");
        assertThat(check("dir-img-cosign-no-manifest", cosignPub, Set.of(other))).singleElement()
                .isInstanceOfSatisfying(Rejected.class, r -> assertThat(r.reason()).isEqualTo(Reason.DIGEST_MISMATCH));
        assertThat(check("dir-img-cosign-no-manifest", cosignPub, Set.of())).singleElement()
                .isInstanceOfSatisfying(Rejected.class, r -> assertThat(r.reason()).isEqualTo(Reason.DIGEST_MISMATCH));
    }

    @Test
    void testOtherAttachment_isNotASignature() {
        assertThat(check("dir-img-cosign-other-attachment", cosignPub)).containsExactly((Outcome) null);
    }

    @Test
    void testKeyRekorValid_signedByCosign2() {
        assertThat(check("dir-img-cosign-key-rekor-valid", cosignPub)).singleElement()
                .isInstanceOfSatisfying(Rejected.class, r -> {
                    assertThat(r.reason()).isEqualTo(Reason.BAD_SIGNATURE);
                    assertThat(r.detail()).contains("does not verify with key " + cosignPub.label());
                });
        assertThat(check("dir-img-cosign-key-rekor-valid", cosign2Pub)).singleElement().isInstanceOf(Verified.class);
    }

    @Test
    void testUnknownKey_fails() {
        StoredSignature s = CosignFixtures.signature("unknown-cosign-key.signature");
        Outcome outcome = SignatureChecks.simpleSigning(cosignPub, s.mimeType(), s.payload(), s.annotations(),
                Set.of(Digest.parseTrusted(SIGNED_DIGEST)));
        assertThat(outcome).isInstanceOfSatisfying(Rejected.class,
                r -> assertThat(r.reason()).isEqualTo(Reason.BAD_SIGNATURE));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dir-img-cosign-fulcio-rekor-valid", "dir-img-cosign-pki-valid"})
    void testCertificateSignatures_areByAnotherKey_butVerifyWithTheCertificatesKey(String dir) throws Exception {
        StoredSignature s = CosignFixtures.signature(dir + "/signature-1");
        var certificate = CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(
                s.annotations().get("dev.sigstore.cosign/certificate").getBytes(StandardCharsets.US_ASCII)));
        String certPem = "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder().encodeToString(certificate.getPublicKey().getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
        VerificationKey certKey = PublicKeys.parse(certPem, "verifyKey");

        assertThat(check(dir, cosignPub)).singleElement().isInstanceOfSatisfying(Rejected.class, r -> {
            assertThat(r.reason()).isEqualTo(Reason.WRONG_KEY);
            assertThat(r.detail()).contains("different key, " + certKey.fingerprint()).contains("certificate")
                    .contains("expected " + cosignPub.label());
        });
        // the real cosign signature verifies with the key it was made with: ECDSA P-256, and RSA 4096 PKCS#1 v1.5
        assertThat(check(dir, certKey)).singleElement().isInstanceOfSatisfying(Verified.class,
                v -> assertThat(v.scheme()).isIn("ECDSA P-256 with SHA-256", "RSA 4096 PKCS#1 v1.5 with SHA-256"));
    }

    // ---- the same signatures stored in a registry the way cosign stores them ----

    private MockRegistry registry;
    private HttpClientFactory http;
    private final ObjectMapper json = new ObjectMapper();

    @BeforeEach
    void startRegistry() throws Exception {
        registry = MockRegistry.http();
        http = new HttpClientFactory("test");
    }

    @AfterEach
    void stopRegistry() throws Exception {
        http.close();
        registry.close();
    }

    private CosignVerifier.Result verifyInRegistry(String dir, VerificationPolicy policy, int... signatures)
            throws Exception {
        byte[] manifest = CosignFixtures.bytes(dir + "/manifest.json");
        Digest digest = registry.putManifest("team/app", "1", MediaType.DOCKER_MANIFEST, manifest);
        List<CosignSigner.SignedPayload> layers = new ArrayList<>();
        for (int i : signatures) {
            StoredSignature s = CosignFixtures.signature(dir + "/signature-" + i);
            layers.add(new CosignSigner.SignedPayload(s.payload(), s.signature()));
        }
        if (!layers.isEmpty()) {
            CosignSigner.SignatureImage sig = CosignSigner.signatureImage(digest.toString(), layers);
            registry.putBlob(sig.config().bytes());
            sig.payloads().forEach(p -> registry.putBlob(p.bytes()));
            registry.putManifest("team/app", sig.tag(), MediaType.OCI_MANIFEST, sig.manifest());
        }
        RegistryEndpoint endpoint = new RegistryEndpoint(registry.hostPort(), true, null);
        RegistryClient client = new RegistryClient(http.forEndpoint(endpoint), endpoint,
                new ErrorResponses(new JsonTrees()),
                io.jenkins.registrypull.credential.Credential.anonymous());
        ImageManifest parsed = (ImageManifest) new ManifestParser(new JsonTrees()).parse(manifest,
                MediaType.DOCKER_MANIFEST, dir);
        ResolvedImage image = new ResolvedImage(ImageReference.parse(registry.hostPort() + "/team/app:1"), null,
                digest, manifest, parsed, null);
        return new CosignVerifier(client, new JsonTrees()).verify(image, policy);
    }

    @Test
    void testRegistry_validFixtureVerifiesFromTheSigTag() throws Exception {
        CosignVerifier.Result result = verifyInRegistry("dir-img-cosign-valid",
                new VerificationPolicy(cosignPub, true, false), 1);
        assertThat(result.signature().keyFingerprint()).isEqualTo(cosignPub.fingerprint());
        assertThat(result.signature().source()).isEqualTo("tag sha256-" + SIGNED_DIGEST.substring(7) + ".sig");
        assertThat(result.fact()).startsWith("cosign signature verified with key " + cosignPub.fingerprint()
                + " (ECDSA P-256) via the tag sha256-").endsWith("payload names " + SIGNED_DIGEST);
        // one manifest request for the .sig tag, one blob request for its payload; no referrers lookup needed
        assertThat(registry.requests).extracting(RecordedRequest::getPath).containsExactly(
                "/v2/team/app/manifests/sha256-" + SIGNED_DIGEST.substring(7) + ".sig",
                "/v2/team/app/blobs/" + Digest.sha256(CosignFixtures.signature("dir-img-cosign-valid/signature-1")
                        .payload()));
    }

    @Test
    void testRegistry_mixedVerifiesWithTheSecondLayer() throws Exception {
        CosignVerifier.Result result = verifyInRegistry("dir-img-cosign-mixed",
                new VerificationPolicy(cosignPub, true, false), 1, 2);
        assertThat(result.signature().source()).endsWith(".sig (layer 2)");
    }

    @Test
    void testRegistry_modifiedManifestFails() {
        assertThatThrownBy(() -> verifyInRegistry("dir-img-cosign-modified-manifest",
                new VerificationPolicy(cosignPub, false, false), 1))
                .isInstanceOfSatisfying(SignatureVerificationException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.DIGEST_MISMATCH))
                .hasMessageContaining("the signed payload names " + SIGNED_DIGEST)
                .hasMessageContaining("Nothing was downloaded or written");
    }

    @Test
    void testRegistry_signedByAnotherKeyFails() {
        assertThatThrownBy(() -> verifyInRegistry("dir-img-cosign-key-rekor-valid",
                new VerificationPolicy(cosignPub, true, false), 1))
                .isInstanceOfSatisfying(SignatureVerificationException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.BAD_SIGNATURE))
                .hasMessageContaining("does not verify with key " + cosignPub.label());
    }

    @Test
    void testRegistry_noSignature_requiredFails_optionalPasses() throws Exception {
        assertThatThrownBy(() -> verifyInRegistry("dir-img-cosign-valid", new VerificationPolicy(cosignPub, true,
                false)))
                .isInstanceOfSatisfying(SignatureVerificationException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.MISSING))
                .hasMessageContaining("No cosign signature found for " + registry.hostPort() + "/team/app:1")
                .hasMessageContaining("tag sha256-" + SIGNED_DIGEST.substring(7) + ".sig")
                .hasMessageContaining("the referrers of " + SIGNED_DIGEST)
                .hasMessageContaining("or stop requiring a signature");
        CosignVerifier.Result unsigned = verifyInRegistry("dir-img-cosign-valid",
                new VerificationPolicy(cosignPub, false, false));
        assertThat(unsigned.signature()).isNull();
        assertThat(unsigned.fact()).contains("no cosign signature found").contains("not required");
    }
}
