package io.jenkins.registrypull.cloud.gcp;

import io.jenkins.registrypull.json.JsonTrees;
import io.jenkins.registrypull.api.PullEngine;
import io.jenkins.registrypull.credential.Credential;
import io.jenkins.registrypull.credential.CredentialMinter;
import io.jenkins.registrypull.credential.MintedCredential;
import io.jenkins.registrypull.credential.SecretValue;
import io.jenkins.registrypull.error.InvalidInputException;
import io.jenkins.registrypull.error.RegistryConnectionException;
import io.jenkins.registrypull.error.UnauthorizedException;
import io.jenkins.registrypull.pull.PullListener;
import io.jenkins.registrypull.pull.PullOptions;
import io.jenkins.registrypull.pull.PullResult;
import io.jenkins.registrypull.sink.OciLayoutSink;
import io.jenkins.registrypull.testkit.BuiltImage;
import io.jenkins.registrypull.testkit.FakeGceMetadata;
import io.jenkins.registrypull.testkit.FakeGoogleTokenEndpoint;
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

import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Google Artifact Registry end to end: a service-account key or the agent's metadata server gives an access token
 * through the fakes, and a real registry (token auth) that accepts exactly the token issued last pulls with it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GoogleRegistryPullTest {

    private final BuiltImage image = TestImages.small(ManifestFormat.OCI, Platform.LINUX_AMD64);
    private TokenServer tokens;
    private RegistryServer registry;
    private FakeGoogleTokenEndpoint google;
    private FakeGceMetadata metadata;

    @TempDir
    Path tmp;

    @BeforeAll
    void start() {
        tokens = TokenServer.start();
        registry = RegistryServer.tokenTls(tokens);
        tokens.grant(GoogleMinters.USERNAME, "team/app", "pull");
        try (RegistryPusher pusher = RegistryPusher.forRegistry(registry)) {
            pusher.pushImage("team/app", "1.0", image);
        }
        // the registry knows only the access token Google issued last, as the password of oauth2accesstoken
        google = FakeGoogleTokenEndpoint.start(this::acceptOnly);
        metadata = FakeGceMetadata.start(this::acceptOnly);
    }

    private void acceptOnly(String accessToken) {
        tokens.addUser(new TestUser(GoogleMinters.USERNAME, accessToken));
    }

    @AfterAll
    void stop() {
        metadata.close();
        google.close();
        registry.close();
        tokens.close();
    }

    private PullResult pull(Credential credential, String out) throws Exception {
        try (PullEngine engine = new PullEngine()) {
            return engine.pull(PullOptions.builder().image(registry.hostPort() + "/team/app:1.0")
                    .credential(credential).caCertificatePem(registry.ca().caCertificatePem())
                    .storeDir(tmp.resolve("store-" + out))
                    .sink(new OciLayoutSink(tmp.resolve(out), null, new JsonTrees())).build(), PullListener.NONE);
        }
    }

    private static GoogleIdentity key(String json) {
        return GoogleIdentity.serviceAccountKey(SecretValue.ofString(json));
    }

    @Test
    void testServiceAccountKey_mintsTokenTheRegistryAccepts() throws Exception {
        Instant before = Instant.now();
        try (CredentialMinter minter = GoogleMinters.forIdentity(key(google.keyJson()), Map.of())) {
            MintedCredential minted = minter.mint();

            assertThat(google.issuedTokens()).isNotEmpty();
            assertThat(minted.credential()).isInstanceOf(Credential.UsernamePassword.class);
            Credential.UsernamePassword up = (Credential.UsernamePassword) minted.credential();
            assertThat(up.username()).isEqualTo("oauth2accesstoken");
            assertThat(up.password().reveal()).isEqualTo(google.issuedTokens().get(google.issuedTokens().size() - 1));
            assertThat(minted.expiresAt()).isBetween(before.plusSeconds(3500), Instant.now().plusSeconds(3600));
            assertThat(minter.describe()).contains(google.clientEmail()).doesNotContain("PRIVATE");

            PullResult result = pull(minted.credential(), "key");
            assertThat(result.manifestDigest().toString()).isEqualTo(image.manifestDigest());
        }
    }

    @Test
    void testRegistry_refusesTokenThatGoogleDidNotIssueLast() throws Exception {
        try (CredentialMinter minter = GoogleMinters.forIdentity(key(google.keyJson()), Map.of())) {
            MintedCredential first = minter.mint();
            minter.mint();
            assertThatThrownBy(() -> pull(first.credential(), "stale")).isInstanceOf(UnauthorizedException.class);
        }
    }

    @Test
    void testDeletedKey_failsWithGooglesInvalidGrant() throws Exception {
        try (CredentialMinter minter = GoogleMinters.forIdentity(key(google.unknownKeyJson()), Map.of())) {
            assertThatThrownBy(minter::mint).isInstanceOf(UnauthorizedException.class)
                    .hasMessageContaining("invalid_grant: Invalid JWT Signature.")
                    .hasMessageContaining(google.clientEmail())
                    .hasMessageContaining("Artifact Registry Reader")
                    .hasMessageNotContaining("PRIVATE KEY");
        }
        assertThat(google.refusals()).contains("Invalid JWT Signature.");
    }

    @Test
    void testKeyFile_checkedBeforeAnyNetworkCall() {
        int issued = google.issuedTokens().size();
        assertThatThrownBy(() -> GoogleMinters.forIdentity(key("{\"type\":\"authorized_user\"}"), Map.of()))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("service_account");
        assertThatThrownBy(() -> GoogleMinters.forIdentity(key("not json -----BEGIN PRIVATE KEY-----"), Map.of()))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("not JSON")
                .hasMessageNotContaining("BEGIN");
        String plainHttpElsewhere = google.keyJson().replace(google.tokenUri(), "http://oauth2.example.com/token");
        assertThatThrownBy(() -> GoogleMinters.forIdentity(key(plainHttpElsewhere), Map.of()))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("token_uri")
                .hasMessageContaining("https://");
        assertThat(google.issuedTokens()).hasSize(issued);
    }

    @Test
    void testAgentMetadata_mintsTokenTheRegistryAccepts() throws Exception {
        try (CredentialMinter minter = GoogleMinters.forIdentity(GoogleIdentity.agentMetadata(),
                Map.of("GCE_METADATA_HOST", metadata.hostPort()))) {
            MintedCredential minted = minter.mint();

            assertThat(((Credential.UsernamePassword) minted.credential()).password().reveal())
                    .isEqualTo(metadata.issuedTokens().get(metadata.issuedTokens().size() - 1));
            assertThat(minter.describe()).contains("metadata server");
            PullResult result = pull(minted.credential(), "metadata");
            assertThat(result.manifestDigest().toString()).isEqualTo(image.manifestDigest());
        }
    }

    @Test
    void testFakeMetadata_refusesWithoutFlavorHeader() throws Exception {
        okhttp3.OkHttpClient client = new okhttp3.OkHttpClient();
        try (okhttp3.Response response = client.newCall(new okhttp3.Request.Builder()
                .url("http://" + metadata.hostPort() + FakeGceMetadata.TOKEN_PATH + "?scopes="
                        + GoogleMinters.SCOPE).build()).execute()) {
            assertThat(response.code()).isEqualTo(403);
        }
        assertThat(metadata.refusedWithoutFlavor()).isPositive();
    }

    @Test
    void testMetadataOverride_onlyLoopbackOrTheMetadataServer() {
        assertThatThrownBy(() -> GoogleMinters.forIdentity(GoogleIdentity.agentMetadata(),
                Map.of("GCE_METADATA_HOST", "evil.example.com:80")))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("GCE_METADATA_HOST");
        assertThatThrownBy(() -> GoogleMinters.forIdentity(GoogleIdentity.agentMetadata(),
                Map.of("GCE_METADATA_HOST", "http://127.0.0.1:1/x")))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("without a scheme");
    }

    @Test
    void testNoMetadataServer_saysAgentIdentityNeedsGoogleCloud() throws Exception {
        int closedPort = io.jenkins.registrypull.testkit.FreePort.find();
        try (CredentialMinter minter = GoogleMinters.forIdentity(GoogleIdentity.agentMetadata(),
                Map.of("GCE_METADATA_HOST", "127.0.0.1:" + closedPort))) {
            assertThatThrownBy(minter::mint).isInstanceOf(RegistryConnectionException.class)
                    .hasMessageContaining("only on Google Cloud");
        }
    }

    @Test
    void testHostPatterns() {
        assertThat(GoogleMinters.isGoogleRegistry("europe-west1-docker.pkg.dev")).isTrue();
        assertThat(GoogleMinters.isGoogleRegistry("gcr.io")).isTrue();
        assertThat(GoogleMinters.isGoogleRegistry("EU.GCR.IO:443")).isTrue();
        assertThat(GoogleMinters.isGoogleRegistry("gcr.io.example.com")).isFalse();
        assertThat(GoogleMinters.isGoogleRegistry("docker.pkg.dev.evil.com")).isFalse();
        assertThat(GoogleMinters.isGoogleRegistry("notgcr.io")).isFalse();
    }
}
