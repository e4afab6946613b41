package io.jenkins.registrypull.it;

import io.jenkins.registrypull.json.JsonTrees;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.registrypull.error.AccessDeniedException;
import io.jenkins.registrypull.credential.Credential;
import io.jenkins.registrypull.error.NotFoundException;
import io.jenkins.registrypull.api.PullEngine;
import io.jenkins.registrypull.pull.PullListener;
import io.jenkins.registrypull.pull.PullOptions;
import io.jenkins.registrypull.pull.PullResult;
import io.jenkins.registrypull.credential.SecretValue;
import io.jenkins.registrypull.error.UnauthorizedException;
import io.jenkins.registrypull.manifest.Descriptor;
import io.jenkins.registrypull.sink.OciLayoutSink;
import io.jenkins.registrypull.testkit.BuiltIndex;
import io.jenkins.registrypull.testkit.ManifestFormat;
import io.jenkins.registrypull.testkit.Platform;
import io.jenkins.registrypull.testkit.RegistryPusher;
import io.jenkins.registrypull.testkit.RegistryServer;
import io.jenkins.registrypull.testkit.Skopeo;
import io.jenkins.registrypull.testkit.TestImages;
import io.jenkins.registrypull.testkit.TestUser;
import io.jenkins.registrypull.testkit.TokenResponseShape;
import io.jenkins.registrypull.testkit.TokenServer;
import io.jenkins.registrypull.testkit.TokenSettings;
import okhttp3.FormBody;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The real registry with token auth over TLS and a token server it trusts: every way of getting a token. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TokenRegistryTest {

    private final TestUser alice = TestUser.random("alice");
    private final TestUser mallory = TestUser.random("mallory");
    private TokenServer tokens;
    private RegistryServer registry;
    private final ObjectMapper json = new ObjectMapper();

    @TempDir
    Path tmp;

    @BeforeAll
    void start(@TempDir Path images) {
        tokens = TokenServer.start();
        registry = RegistryServer.tokenTls(tokens);
        tokens.addPuller(alice, "team/app", "team/big", "team/multi");
        tokens.addUser(mallory); // may pull nothing
        tokens.allowAnonymousPull("public/app");
        try (RegistryPusher pusher = RegistryPusher.forRegistry(registry)) {
            for (ManifestFormat format : ManifestFormat.values()) {
                String tag = format.name().toLowerCase();
                pusher.pushImage("team/app", tag, TestImages.small(format, Platform.LINUX_AMD64));
                pusher.pushImage("public/app", tag, TestImages.small(format, Platform.LINUX_AMD64));
            }
            pusher.pushImage("team/big", "1", TestImages.big(images, ManifestFormat.OCI, 4, 256 * 1024));
            pusher.pushIndex("team/multi", "oci", TestImages.multiPlatform(ManifestFormat.OCI));
            pusher.pushIndex("team/multi", "docker", TestImages.multiPlatform(ManifestFormat.DOCKER));
        }
    }

    @AfterAll
    void stop() {
        registry.close();
        tokens.close();
    }

    @AfterEach
    void resetSettings() {
        tokens.updateSettings(s -> TokenSettings.defaults());
        tokens.requests().clear();
    }

    private PullOptions.Builder options(String repoAndTag, String out) throws Exception {
        return PullOptions.builder().image(registry.hostPort() + "/" + repoAndTag)
                .caCertificatePem(registry.ca().caCertificatePem()).storeDir(tmp.resolve("store-" + out))
                .sink(new OciLayoutSink(tmp.resolve(out), null, new JsonTrees()));
    }

    private Credential alice() {
        return Credential.usernamePassword(alice.username(), SecretValue.ofString(alice.password()));
    }

    private PullResult pull(PullOptions options) throws Exception {
        return pull(options, PullListener.NONE);
    }

    private PullResult pull(PullOptions options, PullListener listener) throws Exception {
        try (PullEngine engine = new PullEngine()) {
            return engine.pull(options, listener);
        }
    }

    @Test
    void testPasswordGrant_oauthPost() throws Exception {
        PullResult result = pull(options("team/app:oci", "post").credential(alice()).build());
        assertThat(result.layerCount()).isEqualTo(2);
        assertThat(tokens.requests().all()).extracting(r -> r.method() + " " + r.grantType())
                .containsExactly("POST password");
        assertThat(tokens.requests().anySecretInUrl()).isFalse();
        LayoutAssertions.assertBlobsVerify(tmp.resolve("post"));
    }

    @Test
    void testPasswordGrant_postDisabled_fallsBackToGet() throws Exception {
        tokens.updateSettings(s -> s.withPostEnabled(false));
        pull(options("team/app:docker", "get").credential(alice()).build());
        assertThat(tokens.requests().all()).extracting(r -> r.method() + " " + r.status())
                .containsExactly("POST 404", "GET 200");
        assertThat(tokens.requests().all().get(1).basicAuth()).isTrue();
        assertThat(tokens.requests().anySecretInUrl()).isFalse();
    }

    @Test
    void testIdentityToken_refreshTokenGrant() throws Exception {
        String refreshToken = refreshTokenFor(alice);
        tokens.requests().clear();
        pull(options("team/app:oci", "refresh").credential(Credential.identityToken(SecretValue.ofString(refreshToken)))
                .build());
        assertThat(tokens.requests().all()).extracting(r -> r.method() + " " + r.grantType() + " " + r.status())
                .containsExactly("POST refresh_token 200");
    }

    @Test
    void testAnonymousPull_tokenWithoutCredentials() throws Exception {
        pull(options("public/app:oci", "anon").build());
        assertThat(tokens.requests().all()).singleElement()
                .satisfies(r -> {
                    assertThat(r.method()).isEqualTo("GET");
                    assertThat(r.basicAuth()).isFalse();
                });
    }

    @ParameterizedTest
    @EnumSource(TokenResponseShape.class)
    void testTokenResponseShapes(TokenResponseShape shape) throws Exception {
        tokens.updateSettings(s -> s.withShape(shape).withExpiresIn(false).withIssuedAt(false));
        assertThat(pull(options("team/app:oci", "shape-" + shape).credential(alice()).build()).layerCount()).isEqualTo(2);
    }

    @ParameterizedTest
    @EnumSource(ManifestFormat.class)
    void testMultiPlatform_matchesSkopeoIndexDigest(ManifestFormat format) throws Exception {
        tokens.allowAnonymousPull("team/multi");
        String tag = format.name().toLowerCase();
        PullResult arm = pull(options("team/multi:" + tag, "arm-" + tag).platform("linux/arm64").credential(alice())
                .build());
        try (Skopeo skopeo = new Skopeo(registry)) {
            assertThat(arm.indexDigest().toString()).isEqualTo(skopeo.digest("team/multi:" + tag));
        }
        assertThat(arm.platform().toString()).isEqualTo("linux/arm64/v8");
        PullResult amd = pull(options("team/multi:" + tag, "amd-" + tag).platform("linux/amd64").credential(alice())
                .build());
        assertThat(amd.indexDigest()).isEqualTo(arm.indexDigest());
        assertThat(amd.manifestDigest()).isNotEqualTo(arm.manifestDigest());
        assertThatThrownBy(() -> pull(options("team/multi:" + tag, "s390x").platform("linux/s390x").credential(alice())
                .build()))
                .hasMessageContaining("offers linux/amd64, linux/arm64/v8, linux/arm/v7");
    }

    @Test
    void testWrongPassword() {
        Credential wrong = Credential.usernamePassword(alice.username(), SecretValue.ofString("x" + alice.password()));
        assertThatThrownBy(() -> pull(options("team/app:oci", "wrong").credential(wrong).build()))
                .isInstanceOf(UnauthorizedException.class)
                .hasMessageContaining("user 'alice'")
                .hasMessageNotContaining(alice.password());
        assertThat(tmp.resolve("wrong")).doesNotExist();
    }

    @Test
    void testDeniedScope() {
        Credential m = Credential.usernamePassword(mallory.username(), SecretValue.ofString(mallory.password()));
        assertThatThrownBy(() -> pull(options("team/app:oci", "denied").credential(m).build()))
                .isInstanceOf(AccessDeniedException.class)
                .hasMessageContaining("the account (user 'mallory') lacks pull rights on team/app");
    }

    @Test
    void testUnknownTag() {
        assertThatThrownBy(() -> pull(options("team/app:nope", "nope").credential(alice()).build()))
                .isInstanceOf(NotFoundException.class)
                .hasMessageContaining("MANIFEST_UNKNOWN")
                .hasMessageContaining("tag or digest does not exist in team/app");
    }

    @Test
    void testUnknownRepository() {
        tokens.grant(alice.username(), "team/ghost", "pull");
        assertThatThrownBy(() -> pull(options("team/ghost:1", "ghost").credential(alice()).build()))
                .isInstanceOf(NotFoundException.class)
                .hasMessageContaining("tag or digest does not exist in team/ghost, or the repository itself does not exist");
    }

    @Test
    void testTokenExpiresMidPull_renewedBeforeExpiry() throws Exception {
        // the registry really refuses these tokens 4 s after issue; the engine knows (expires_in) and renews early
        tokens.updateSettings(s -> s.withTtl(Duration.ofSeconds(4)).withCancelRegistryLeeway(true));
        PullResult result = pull(options("team/big:1", "renew").credential(alice()).concurrency(1)
                .build(), slowBlobs());
        assertThat(result.layerCount()).isEqualTo(5);
        assertThat(tokens.requests().successfulCount()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void testTokenExpiresMidPull_unannouncedExpiry_oneFreshChallenge() throws Exception {
        // no expires_in: the engine assumes 60 s, the registry refuses after 4 s with invalid_token
        tokens.updateSettings(s -> s.withTtl(Duration.ofSeconds(4)).withCancelRegistryLeeway(true).withExpiresIn(false));
        PullResult result = pull(options("team/big:1", "reactive").credential(alice()).concurrency(1)
                .build(), slowBlobs());
        assertThat(result.layerCount()).isEqualTo(5);
        assertThat(tokens.requests().successfulCount()).isGreaterThanOrEqualTo(2);
    }

    /** Slows the pull so it outlives a 4 s token: 1.5 s before each of the 6 blobs. */
    private static PullListener slowBlobs() {
        return new PullListener() {
            @Override
            public void blobStarted(Descriptor blob) {
                try {
                    Thread.sleep(1500);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
    }

    private String refreshTokenFor(TestUser user) throws Exception {
        OkHttpClient client = registry.ca().trustingClientBuilder().build();
        Request request = new Request.Builder().url(tokens.realm()).post(new FormBody.Builder()
                .add("grant_type", "password").add("username", user.username()).add("password", user.password())
                .add("client_id", "test").add("access_type", "offline").add("service", tokens.service()).build()).build();
        try (Response response = client.newCall(request).execute()) {
            return json.readTree(response.body().bytes()).get("refresh_token").asText();
        }
    }
}
