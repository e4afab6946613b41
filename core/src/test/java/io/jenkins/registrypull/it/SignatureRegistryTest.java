package io.jenkins.registrypull.it;

import io.jenkins.registrypull.json.JsonTrees;
import io.jenkins.registrypull.credential.Credential;
import io.jenkins.registrypull.error.InvalidInputException;
import io.jenkins.registrypull.api.PullEngine;
import io.jenkins.registrypull.pull.PullListener;
import io.jenkins.registrypull.pull.PullOptions;
import io.jenkins.registrypull.pull.PullResult;
import io.jenkins.registrypull.credential.SecretValue;
import io.jenkins.registrypull.verify.SignatureCheck;
import io.jenkins.registrypull.error.SignatureVerificationException;
import io.jenkins.registrypull.error.SignatureVerificationException.Reason;
import io.jenkins.registrypull.error.VerificationException;
import io.jenkins.registrypull.manifest.ResolvedImage;
import io.jenkins.registrypull.sink.OciLayoutSink;
import io.jenkins.registrypull.sink.Sink;
import io.jenkins.registrypull.sink.SinkSession;
import io.jenkins.registrypull.store.BlobStore;
import io.jenkins.registrypull.testkit.BuiltImage;
import io.jenkins.registrypull.testkit.BuiltIndex;
import io.jenkins.registrypull.testkit.CosignSigner;
import io.jenkins.registrypull.testkit.CosignSigner.KeyType;
import io.jenkins.registrypull.testkit.CosignSigner.SignedPayload;
import io.jenkins.registrypull.testkit.Layer;
import io.jenkins.registrypull.testkit.ManifestFormat;
import io.jenkins.registrypull.testkit.Platform;
import io.jenkins.registrypull.testkit.RegistryPusher;
import io.jenkins.registrypull.testkit.RegistryServer;
import io.jenkins.registrypull.testkit.TestImages;
import io.jenkins.registrypull.testkit.TestUser;
import io.jenkins.registrypull.testkit.TokenServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

/**
 * Cosign signatures in the real registry (token auth over TLS), made by {@link CosignSigner} in
 * cosign's formats: valid ones pass for every key type and both storage schemes; a wrong key, a
 * payload naming another digest, a tampered signature or payload, and a missing signature with
 * requireSignature each fail with a clear message, before the sink is opened or a layer fetched.
 * Pinning by digest is covered here too.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SignatureRegistryTest {

    private final TestUser alice = TestUser.random("alice");
    private final Map<KeyType, CosignSigner> signers = new EnumMap<>(KeyType.class);
    private CosignSigner other;
    private TokenServer tokens;
    private RegistryServer registry;
    private BuiltImage single;
    private BuiltIndex multi;
    private String singleDigest;
    private String multiDigest;

    @TempDir
    Path tmp;

    @BeforeAll
    void pushSignedImages() {
        for (KeyType type : KeyType.values()) {
            signers.put(type, CosignSigner.generate(type));
        }
        other = CosignSigner.generate(KeyType.ECDSA_P256);
        CosignSigner p256 = signers.get(KeyType.ECDSA_P256);
        tokens = TokenServer.start();
        registry = RegistryServer.tokenTls(tokens);
        tokens.addPuller(alice, "keys/ecdsa_p256", "keys/ecdsa_p384", "keys/rsa_2048", "keys/rsa_3072", "keys/ed25519",
                "bundle/multi", "bundle/wrongkey", "bundle/tampered", "legacy/referrer", "multi/manifest-signed",
                "bad/wrongkey", "bad/otherdigest", "bad/tampered", "bad/tampered-payload", "bad/mixed",
                "unsigned/app", "pin/multi");
        single = TestImages.small(ManifestFormat.OCI, Platform.LINUX_AMD64);
        multi = TestImages.multiPlatform(ManifestFormat.OCI);
        singleDigest = single.manifestDigest();
        multiDigest = multi.digest();
        try (RegistryPusher pusher = RegistryPusher.forRegistry(registry)) {
            // tag-based (cosign sign --key, up to v2): one repository per key type
            for (KeyType type : KeyType.values()) {
                String repo = "keys/" + type.name().toLowerCase();
                pusher.pushImage(repo, "1", single);
                CosignSigner.signatureImage(singleDigest, List.of(signers.get(type).signSimpleSigning(singleDigest,
                        reference(repo)))).pushTo(pusher, repo);
            }
            // bundle referrer (cosign v3 default) on a multi-platform index, via the referrers tag schema
            pusher.pushIndex("bundle/multi", "1", multi);
            CosignSigner.Referrers.push(pusher, "bundle/multi", multiDigest, List.of(
                    p256.signedBundleReferrer(multi.mediaType(), multiDigest, multi.bytes().length)));
            pusher.pushIndex("bundle/wrongkey", "1", multi);
            CosignSigner.Referrers.push(pusher, "bundle/wrongkey", multiDigest, List.of(
                    other.signedBundleReferrer(multi.mediaType(), multiDigest, multi.bytes().length)));
            pusher.pushIndex("bundle/tampered", "1", multi);
            byte[] statement = CosignSigner.cosignStatement(multiDigest);
            byte[] signature = p256.sign(CosignSigner.pae(CosignSigner.IN_TOTO_PAYLOAD_TYPE, statement));
            signature[signature.length - 3] ^= 0x01;
            CosignSigner.Referrers.push(pusher, "bundle/tampered", multiDigest, List.of(CosignSigner.bundleReferrer(
                    p256.dsseBundle(statement, signature), multi.mediaType(), multiDigest, multi.bytes().length,
                    CosignSigner.COSIGN_SIGN_PREDICATE)));
            // cosign v2 --registry-referrers-mode=oci-1-1: the simple-signing image as a referrer
            pusher.pushImage("legacy/referrer", "1", single);
            CosignSigner.Referrers.push(pusher, "legacy/referrer", singleDigest, List.of(
                    CosignSigner.signatureReferrer(single.manifestMediaType(), singleDigest,
                            single.manifestBytes().length, List.of(p256.signSimpleSigning(singleDigest,
                                    reference("legacy/referrer"))))));
            // only the arm64 manifest signed (cosign sign --recursive, or signing a platform's digest)
            pusher.pushIndex("multi/manifest-signed", "1", multi);
            String arm = multi.image(Platform.LINUX_ARM64_V8).manifestDigest();
            CosignSigner.signatureImage(arm, List.of(p256.signSimpleSigning(arm, reference("multi/manifest-signed"))))
                    .pushTo(pusher, "multi/manifest-signed");

            pusher.pushImage("bad/wrongkey", "1", single);
            CosignSigner.signatureImage(singleDigest, List.of(other.signSimpleSigning(singleDigest,
                    reference("bad/wrongkey")))).pushTo(pusher, "bad/wrongkey");
            pusher.pushImage("bad/otherdigest", "1", single);
            CosignSigner.signatureImage(singleDigest, List.of(p256.signSimpleSigning(multiDigest,
                    reference("bad/otherdigest")))).pushTo(pusher, "bad/otherdigest");
            pusher.pushImage("bad/tampered", "1", single);
            CosignSigner.signatureImage(singleDigest, List.of(p256.signSimpleSigning(singleDigest,
                    reference("bad/tampered")).withTamperedSignature())).pushTo(pusher, "bad/tampered");
            pusher.pushImage("bad/tampered-payload", "1", single);
            SignedPayload signed = p256.signSimpleSigning(singleDigest, reference("bad/tampered-payload"));
            byte[] altered = new String(signed.payload(), StandardCharsets.UTF_8)
                    .replace("\"optional\":null", "\"optional\":{\"approved\":\"yes\"}").getBytes(StandardCharsets.UTF_8);
            CosignSigner.signatureImage(singleDigest, List.of(signed.withPayload(altered)))
                    .pushTo(pusher, "bad/tampered-payload");
            // two failing signatures: the message lists both, the digest mismatch first
            pusher.pushImage("bad/mixed", "1", single);
            CosignSigner.signatureImage(singleDigest, List.of(
                    other.signSimpleSigning(singleDigest, reference("bad/mixed")),
                    p256.signSimpleSigning(multiDigest, reference("bad/mixed")))).pushTo(pusher, "bad/mixed");

            pusher.pushImage("unsigned/app", "1", single);
            pusher.pushIndex("pin/multi", "1", multi);
        }
    }

    @AfterAll
    void stop() {
        registry.close();
        tokens.close();
    }

    private String reference(String repo) {
        return registry.hostPort() + "/" + repo;
    }

    private Credential alice() {
        return Credential.usernamePassword(alice.username(), SecretValue.ofString(alice.password()));
    }

    private PullOptions.Builder options(String repoAndTag, String out) throws Exception {
        return PullOptions.builder().image(reference(repoAndTag)).credential(alice())
                .caCertificatePem(registry.ca().caCertificatePem()).storeDir(tmp.resolve("store-" + out))
                .sink(new OciLayoutSink(tmp.resolve(out), null, new JsonTrees()));
    }

    private PullResult pull(PullOptions options) throws Exception {
        try (PullEngine engine = new PullEngine()) {
            return engine.pull(options, PullListener.NONE);
        }
    }

    private String pem(KeyType type) {
        return signers.get(type).publicKeyPem();
    }

    /** A sink that fails the test if the engine ever opens it. */
    private static final class MustNotOpenSink implements Sink {
        @Override
        public SinkSession open(ResolvedImage image, BlobStore store) {
            return fail("the sink was opened although verification failed");
        }

        @Override
        public String describe() {
            return "a sink that must not be opened";
        }
    }

    /**
     * Pulls {@code repoAndTag} expecting a signature failure: once into an OCI layout (which must
     * not appear), once into a sink that must not be opened. No layer reaches the blob store.
     */
    private SignatureVerificationException expectFailure(String repoAndTag, KeyType key, boolean required)
            throws Exception {
        String out = repoAndTag.replaceAll("[^a-z0-9]", "-");
        PullOptions layout = options(repoAndTag, out).verifyKeyPem(pem(key)).requireSignature(required).build();
        Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() -> pull(layout));
        assertThat(thrown).isInstanceOf(SignatureVerificationException.class);
        assertThat(tmp.resolve(out)).doesNotExist();
        Path store = tmp.resolve("store-" + out);
        for (Layer layer : single.layers()) {
            assertThat(store.resolve("blobs/sha256/" + layer.blob().hex())).doesNotExist();
        }
        for (BuiltImage image : multi.images()) {
            for (Layer layer : image.layers()) {
                assertThat(store.resolve("blobs/sha256/" + layer.blob().hex())).doesNotExist();
            }
        }
        PullOptions unopenable = options(repoAndTag, out + "-sink").sink(new MustNotOpenSink()).verifyKeyPem(pem(key))
                .requireSignature(required).build();
        assertThatThrownBy(() -> pull(unopenable)).isInstanceOf(SignatureVerificationException.class)
                .hasMessage(thrown.getMessage());
        return (SignatureVerificationException) thrown;
    }

    // ---- valid signatures ----

    @ParameterizedTest
    @EnumSource(KeyType.class)
    void testTagSignature_eachKeyType_verifies(KeyType type) throws Exception {
        String repo = "keys/" + type.name().toLowerCase();
        PullResult result = pull(options(repo + ":1", repo.replace('/', '-')).verifyKeyPem(pem(type))
                .requireSignature(true).build());
        SignatureCheck check = result.signature();
        assertThat(check).isNotNull();
        assertThat(check.keyFingerprint()).matches("SHA256:[0-9a-f]{64}");
        assertThat(check.keyAlgorithm()).isEqualTo(switch (type) {
            case ECDSA_P256 -> "ECDSA P-256";
            case ECDSA_P384 -> "ECDSA P-384";
            case RSA_2048 -> "RSA 2048";
            case RSA_3072 -> "RSA 3072";
            case ED25519 -> "Ed25519";
        });
        assertThat(check.signedDigest()).isEqualTo(singleDigest);
        assertThat(check.format()).isEqualTo(SignatureCheck.SIMPLE_SIGNING);
        assertThat(check.source()).isEqualTo("tag " + CosignSigner.signatureTag(singleDigest));
        assertThat(result.verification()).contains("cosign signature verified with key " + check.keyFingerprint()
                + " (" + check.keyAlgorithm() + ") via the tag " + CosignSigner.signatureTag(singleDigest) + " ("
                + SignatureCheck.SIMPLE_SIGNING + ", " + check.scheme() + "), payload names " + singleDigest);
        LayoutAssertions.assertBlobsVerify(tmp.resolve(repo.replace('/', '-')));
    }

    @Test
    void testBundleReferrer_onIndex_verifiesForTheChosenPlatform() throws Exception {
        PullResult result = pull(options("bundle/multi:1", "bundle-multi").platform("linux/arm64")
                .verifyKeyPem(pem(KeyType.ECDSA_P256)).requireSignature(true).build());
        assertThat(result.indexDigest().toString()).isEqualTo(multiDigest);
        assertThat(result.manifestDigest().toString()).isEqualTo(multi.image(Platform.LINUX_ARM64_V8).manifestDigest());
        assertThat(result.signature().signedDigest()).isEqualTo(multiDigest);
        assertThat(result.signature().format()).isEqualTo(SignatureCheck.SIGSTORE_BUNDLE);
        assertThat(result.signature().scheme()).isEqualTo("ECDSA P-256 with SHA-256 (DSSE)");
        assertThat(result.signature().source()).startsWith("referrer sha256:").endsWith(" of " + multiDigest);
        assertThat(result.verification()).anyMatch(f -> f.startsWith("cosign signature verified"));
    }

    @Test
    void testLegacyOciReferrer_verifies() throws Exception {
        PullResult result = pull(options("legacy/referrer:1", "legacy").verifyKeyPem(pem(KeyType.ECDSA_P256))
                .requireSignature(true).build());
        assertThat(result.signature().format()).isEqualTo(SignatureCheck.SIMPLE_SIGNING);
        assertThat(result.signature().source()).startsWith("referrer sha256:");
    }

    @Test
    void testOnlyPlatformManifestSigned_verifies() throws Exception {
        String arm = multi.image(Platform.LINUX_ARM64_V8).manifestDigest();
        PullResult result = pull(options("multi/manifest-signed:1", "manifest-signed").platform("linux/arm64")
                .verifyKeyPem(pem(KeyType.ECDSA_P256)).requireSignature(true).build());
        assertThat(result.signature().signedDigest()).isEqualTo(arm);
        assertThat(result.signature().source()).isEqualTo("tag " + CosignSigner.signatureTag(arm));
        // the amd64 manifest is not signed, and the index is not: that pull must fail
        exceptionFor("multi/manifest-signed:1", "linux/amd64");
    }

    private void exceptionFor(String repoAndTag, String platform) {
        assertThatThrownBy(() -> pull(options(repoAndTag, "amd64").platform(platform)
                .verifyKeyPem(pem(KeyType.ECDSA_P256)).requireSignature(true).build()))
                .isInstanceOfSatisfying(SignatureVerificationException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.MISSING));
    }

    @Test
    void testUnsigned_notRequired_pullsAndSaysSo() throws Exception {
        PullResult result = pull(options("unsigned/app:1", "unsigned-optional").verifyKeyPem(pem(KeyType.ECDSA_P256))
                .build());
        assertThat(result.signature()).isNull();
        assertThat(result.verification()).anyMatch(f -> f.startsWith("no cosign signature found for manifest "
                + singleDigest) && f.endsWith("signatures are not required, so the image is pulled unsigned"));
    }

    // ---- failures: clear message, nothing written, sink never opened ----

    @Test
    void testWrongKey_fails() throws Exception {
        SignatureVerificationException e = expectFailure("bad/wrongkey:1", KeyType.ECDSA_P256, true);
        String expected = signers.get(KeyType.ECDSA_P256).publicKeyPem();
        assertThat(e.reason()).isEqualTo(Reason.BAD_SIGNATURE);
        assertThat(e.getMessage()).startsWith("The cosign signature of " + reference("bad/wrongkey:1") + " at tag "
                        + CosignSigner.signatureTag(singleDigest) + " does not verify with key SHA256:")
                .contains("(ECDSA P-256): it was made by a different key, or the signature or its payload was altered")
                .contains("Nothing was downloaded or written.")
                .contains("Check that the verification key is the public key")
                .doesNotContain(expected.substring(30, 60));
    }

    @Test
    void testWrongKey_bundleNamesTheSigningKey() throws Exception {
        SignatureVerificationException e = expectFailure("bundle/wrongkey:1", KeyType.ECDSA_P256, false);
        assertThat(e.reason()).isEqualTo(Reason.WRONG_KEY);
        assertThat(e.getMessage()).contains("was made by a different key, SHA256:")
                .contains("expected SHA256:").contains("(ECDSA P-256)");
    }

    @Test
    void testPayloadNamingAnotherDigest_fails() throws Exception {
        SignatureVerificationException e = expectFailure("bad/otherdigest:1", KeyType.ECDSA_P256, true);
        assertThat(e.reason()).isEqualTo(Reason.DIGEST_MISMATCH);
        assertThat(e.getMessage()).contains("the signed payload names " + multiDigest + ", not the pulled "
                + singleDigest + ": it signs another image").endsWith("If this image is the one to trust, sign it as"
                + " it is in the registry (cosign sign --key cosign.key " + reference("bad/otherdigest") + "@"
                + singleDigest + ").");
    }

    @Test
    void testTamperedSignature_fails() throws Exception {
        SignatureVerificationException e = expectFailure("bad/tampered:1", KeyType.ECDSA_P256, false);
        assertThat(e.reason()).isEqualTo(Reason.BAD_SIGNATURE);
        assertThat(e.getMessage()).contains("does not verify with key").contains("altered (tampered)");
    }

    @Test
    void testTamperedPayload_fails() throws Exception {
        SignatureVerificationException e = expectFailure("bad/tampered-payload:1", KeyType.ECDSA_P256, false);
        assertThat(e.reason()).isEqualTo(Reason.BAD_SIGNATURE);
    }

    @Test
    void testTamperedBundle_namesTheRightKeyButFails() throws Exception {
        SignatureVerificationException e = expectFailure("bundle/tampered:1", KeyType.ECDSA_P256, true);
        assertThat(e.reason()).isEqualTo(Reason.BAD_SIGNATURE);
        assertThat(e.getMessage()).contains("names the expected key").contains("(tampered)");
    }

    @Test
    void testSeveralFailures_listedDigestMismatchFirst() throws Exception {
        SignatureVerificationException e = expectFailure("bad/mixed:1", KeyType.ECDSA_P256, true);
        assertThat(e.reason()).isEqualTo(Reason.DIGEST_MISMATCH);
        assertThat(e.getMessage()).startsWith("None of the 2 cosign signatures of " + reference("bad/mixed:1")
                        + " is valid with key SHA256:")
                .contains("(layer 2) verifies with key").contains("(layer 1) does not verify");
        assertThat(e.getMessage().indexOf("(layer 2)")).isLessThan(e.getMessage().indexOf("(layer 1)"));
    }

    @Test
    void testMissingSignature_required_fails() throws Exception {
        SignatureVerificationException e = expectFailure("unsigned/app:1", KeyType.ECDSA_P256, true);
        assertThat(e.reason()).isEqualTo(Reason.MISSING);
        assertThat(e.getMessage()).isEqualTo("No cosign signature found for " + reference("unsigned/app:1")
                + " (manifest " + singleDigest + "); looked at tag " + CosignSigner.signatureTag(singleDigest)
                + ", the referrers of " + singleDigest + " (tag " + CosignSigner.referrersTag(singleDigest)
                + "; the registry has no referrers API). Nothing was downloaded or written. Sign the image (cosign"
                + " sign --key cosign.key " + reference("unsigned/app") + "@" + singleDigest
                + ") or stop requiring a signature.");
    }

    @Test
    void testBadKey_failsBeforeAnyNetworkCall() {
        tokens.requests().clear();
        assertThatThrownBy(() -> options("unsigned/app:1", "badkey").verifyKeyPem("-----BEGIN PUBLIC KEY-----\nAAAA\n"
                + "-----END PUBLIC KEY-----\n"))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("verifyKey"));
        assertThatThrownBy(() -> options("unsigned/app:1", "nokey").requireSignature(true).build())
                .isInstanceOfSatisfying(InvalidInputException.class,
                        e -> assertThat(e.field()).isEqualTo("requireSignature"));
        assertThat(tokens.requests().all()).isEmpty();
    }

    // ---- pinning ----

    @Test
    void testPinnedReference_pullsByDigest() throws Exception {
        PullResult result = pull(options("pin/multi@" + multiDigest, "pin-ref").platform("linux/arm64").build());
        assertThat(result.indexDigest().toString()).isEqualTo(multiDigest);
        assertThat(result.pinnableDigest().toString()).isEqualTo(multiDigest);
        assertThat(result.verification()).anyMatch(f -> f.contains("matches the pinned digest"));
    }

    @Test
    void testExpectedDigest_matchesIndexOrManifest() throws Exception {
        String arm = multi.image(Platform.LINUX_ARM64_V8).manifestDigest();
        assertThat(pull(options("pin/multi:1", "pin-index").platform("linux/arm64").expectedDigest(multiDigest)
                .requireDigest(true).build()).pinnableDigest().toString()).isEqualTo(multiDigest);
        assertThat(pull(options("pin/multi:1", "pin-manifest").platform("linux/arm64").expectedDigest(arm)
                .build()).manifestDigest().toString()).isEqualTo(arm);
    }

    @Test
    void testExpectedDigest_mismatch_writesNothing() {
        assertThatThrownBy(() -> pull(options("pin/multi:1", "pin-mismatch").platform("linux/arm64")
                .expectedDigest(singleDigest).build()))
                .isInstanceOf(VerificationException.class)
                .hasMessageContaining("not the expected digest " + singleDigest);
        assertThat(tmp.resolve("pin-mismatch")).doesNotExist();
    }

    @Test
    void testRequireDigest_withoutDigest_failsBeforeAnyNetworkCall() throws Exception {
        tokens.requests().clear();
        assertThatThrownBy(() -> options("pin/multi:1", "pin-required").requireDigest(true).build())
                .isInstanceOfSatisfying(InvalidInputException.class, e -> {
                    assertThat(e.field()).isEqualTo("digest");
                    assertThat(e.getMessage()).contains(reference("pin/multi") + "@sha256:<digest>")
                            .contains("Every pull reports the digest to pin");
                });
        assertThat(tokens.requests().all()).isEmpty();
        assertThat(pull(options("pin/multi@" + multiDigest, "pin-required-ok").platform("linux/arm64")
                .requireDigest(true).build()).pinnableDigest().toString()).isEqualTo(multiDigest);
    }

}
