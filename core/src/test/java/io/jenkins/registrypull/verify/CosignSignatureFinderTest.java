package io.jenkins.registrypull.verify;

import io.jenkins.registrypull.json.JsonTrees;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.registrypull.error.VerificationException;
import io.jenkins.registrypull.http.ErrorResponses;
import io.jenkins.registrypull.http.HttpClientFactory;
import io.jenkins.registrypull.http.RegistryEndpoint;
import io.jenkins.registrypull.manifest.ManifestParser;
import io.jenkins.registrypull.manifest.MediaType;
import io.jenkins.registrypull.reference.Digest;
import io.jenkins.registrypull.registry.RegistryClient;
import io.jenkins.registrypull.testing.MockRegistry;
import io.jenkins.registrypull.testing.TinyImage;
import io.jenkins.registrypull.testkit.CosignSigner;
import io.jenkins.registrypull.testkit.CosignSigner.KeyType;
import io.jenkins.registrypull.testkit.CosignSigner.Referrer;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.RecordedRequest;
import okio.Buffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What registry 2.8 cannot show: a registry with the OCI referrers API, attestations announced in
 * the referrers list, and hostile answers (oversized or altered signature artifacts).
 */
class CosignSignatureFinderTest {

    private final ObjectMapper json = new ObjectMapper();
    private final CosignSigner signer = CosignSigner.generate(KeyType.ECDSA_P256);
    private MockRegistry registry;
    private HttpClientFactory http;
    private VerificationKey key;
    private Digest image;
    private TinyImage tiny;

    @BeforeEach
    void setUp() throws Exception {
        registry = MockRegistry.http();
        http = new HttpClientFactory("test");
        key = PublicKeys.parse(signer.publicKeyPem(), "verifyKey");
        tiny = new TinyImage(3, 1, 100, MediaType.OCI_MANIFEST);
        image = tiny.pushTo(registry, "team/app", "1");
    }

    @AfterEach
    void tearDown() throws Exception {
        http.close();
        registry.close();
    }

    private CosignSignatureFinder finder() throws Exception {
        RegistryEndpoint endpoint = new RegistryEndpoint(registry.hostPort(), true, null);
        RegistryClient client = new RegistryClient(http.forEndpoint(endpoint), endpoint,
                new ErrorResponses(new JsonTrees()),
                io.jenkins.registrypull.credential.Credential.anonymous());
        return new CosignSignatureFinder(client, new ManifestParser(new JsonTrees()), new JsonTrees(), "team/app", key,
                Set.of(image));
    }

    private void put(Referrer referrer) {
        referrer.blobs().forEach(b -> registry.putBlob(b.bytes()));
        registry.putManifest("team/app", null, MediaType.OCI_MANIFEST, referrer.manifest());
    }

    /** Answers the referrers API with an index listing {@code referrers}, as registries with the API do. */
    private void serveReferrersApi(String index) {
        registry.override(r -> r.getPath().equals("/v2/team/app/referrers/" + image)
                ? new MockResponse().setHeader("Content-Type", MediaType.OCI_INDEX).setBody(index) : null);
    }

    private static String entry(Referrer referrer, String annotations) {
        return "{\"mediaType\":\"" + MediaType.OCI_MANIFEST + "\",\"digest\":\"" + referrer.digest() + "\",\"size\":"
                + referrer.manifest().length + ",\"artifactType\":\"" + referrer.artifactType() + "\""
                + (annotations == null ? "" : ",\"annotations\":" + annotations) + "}";
    }

    @Test
    void testReferrersApi_bundleVerifies_noTagFallback() throws Exception {
        Referrer bundle = signer.signedBundleReferrer(MediaType.OCI_MANIFEST, image.toString(), tiny.manifest.length);
        put(bundle);
        serveReferrersApi("{\"schemaVersion\":2,\"mediaType\":\"" + MediaType.OCI_INDEX + "\",\"manifests\":["
                + entry(bundle, null) + "]}");
        CosignSignatureFinder finder = finder();
        CosignSignatureFinder.Found found = finder.searchReferrers(image);
        assertThat(found).isNotNull();
        assertThat(found.where()).isEqualTo("referrer " + bundle.digest() + " of " + image);
        assertThat(finder.lookedAt).containsExactly("the referrers of " + image + " (referrers API)");
        assertThat(registry.requests).extracting(RecordedRequest::getPath)
                .doesNotContain("/v2/team/app/manifests/" + CosignSigner.referrersTag(image.toString()));
    }

    @Test
    void testReferrersApi_attestationsAreNotFetched() throws Exception {
        byte[] provenance = new String(CosignSigner.cosignStatement(image.toString()), StandardCharsets.UTF_8)
                .replace(CosignSigner.COSIGN_SIGN_PREDICATE, "https://slsa.dev/provenance/v1")
                .getBytes(StandardCharsets.UTF_8);
        Referrer attestation = CosignSigner.bundleReferrer(signer.dsseBundle(provenance), MediaType.OCI_MANIFEST,
                image.toString(), tiny.manifest.length, "https://slsa.dev/provenance/v1");
        put(attestation);
        serveReferrersApi("{\"schemaVersion\":2,\"manifests\":[" + entry(attestation,
                "{\"dev.sigstore.bundle.predicateType\":\"https://slsa.dev/provenance/v1\"}")
                + ",{\"mediaType\":\"" + MediaType.OCI_MANIFEST + "\",\"digest\":\"sha256:" + "e".repeat(64)
                + "\",\"size\":10,\"artifactType\":\"application/spdx+json\"}]}");
        CosignSignatureFinder finder = finder();
        assertThat(finder.searchReferrers(image)).isNull();
        assertThat(finder.rejected).isEmpty();
        assertThat(registry.requests).extracting(RecordedRequest::getPath)
                .containsExactly("/v2/team/app/referrers/" + image);
    }

    @Test
    void testSignatureArtifacts_sizeAndDigestChecked() throws Exception {
        CosignSigner.SignatureImage sig = CosignSigner.signatureImage(image.toString(), List.of(
                signer.signSimpleSigning(image.toString(), "reg/team/app")));
        registry.putBlob(sig.config().bytes());
        sig.payloads().forEach(p -> registry.putBlob(p.bytes()));
        registry.putManifest("team/app", sig.tag(), MediaType.OCI_MANIFEST, sig.manifest());
        String payload = sig.payloads().get(0).digest();
        registry.override(r -> r.getPath().endsWith("/blobs/" + payload)
                ? new MockResponse().setBody(new Buffer().writeUtf8("{\"critical\":{}}")) : null);
        assertThatThrownBy(() -> finder().searchSignatureTag(image))
                .isInstanceOf(VerificationException.class)
                .hasMessageContaining("arrived with 15 bytes and digest")
                .hasMessageContaining("Nothing was pulled");

        String huge = new String(sig.manifest(), StandardCharsets.UTF_8)
                .replace("\"size\":" + sig.payloads().get(0).size(), "\"size\":" + (2 * 1024 * 1024));
        registry.putManifest("team/app", sig.tag(), MediaType.OCI_MANIFEST, huge.getBytes(StandardCharsets.UTF_8));
        registry.override(null);
        assertThatThrownBy(() -> finder().searchSignatureTag(image))
                .isInstanceOf(VerificationException.class)
                .hasMessageContaining("declares 2097152 bytes, more than the 1048576");
    }
}
