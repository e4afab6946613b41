package io.jenkins.registrypull.api;

import io.jenkins.registrypull.json.JsonTrees;
import io.jenkins.registrypull.credential.Credential;
import io.jenkins.registrypull.credential.SecretValue;
import io.jenkins.registrypull.error.AccessDeniedException;
import io.jenkins.registrypull.error.FailureKind;
import io.jenkins.registrypull.error.RegistryException;
import io.jenkins.registrypull.error.InsecureConnectionException;
import io.jenkins.registrypull.error.InvalidInputException;
import io.jenkins.registrypull.error.NotFoundException;
import io.jenkins.registrypull.error.RegistryConnectionException;
import io.jenkins.registrypull.error.RegistryUnavailableException;
import io.jenkins.registrypull.error.TooManyRequestsException;
import io.jenkins.registrypull.error.UnauthorizedException;
import io.jenkins.registrypull.error.UnsupportedAuthenticationException;
import io.jenkins.registrypull.pull.PullListener;
import io.jenkins.registrypull.pull.PullOptions;
import io.jenkins.registrypull.pull.PullResult;

import io.jenkins.registrypull.manifest.MediaType;
import io.jenkins.registrypull.sink.OciLayoutSink;
import io.jenkins.registrypull.testing.FakeTime;
import io.jenkins.registrypull.testing.Forms;
import io.jenkins.registrypull.testing.MockRegistry;
import io.jenkins.registrypull.testing.MockRegistry.Auth;
import io.jenkins.registrypull.testing.MutableClock;
import io.jenkins.registrypull.testing.TinyImage;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The login handshake and error mapping, end to end through the engine, against a scripted registry. */
class PullEngineAuthTest {

    @TempDir
    Path tmp;

    private MockRegistry registry;
    private MutableClock clock;
    private PullEngine engine;
    private final TinyImage image = new TinyImage(1, 2, 1000, MediaType.DOCKER_MANIFEST);

    @BeforeEach
    void setUp() throws Exception {
        registry = MockRegistry.https();
        image.pushTo(registry, "team/app", "1.0");
        clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
        engine = new PullEngine(clock);
    }

    @AfterEach
    void tearDown() throws Exception {
        engine.close();
        registry.close();
    }

    private PullResult pull(Credential credential) throws Exception {
        return pull(credential, "1.0", "out");
    }

    private PullResult pullWith(PullEngine other, Credential credential) throws Exception {
        return other.pull(options(credential, "1.0", "out"), PullListener.NONE);
    }

    private PullOptions options(Credential credential, String tag, String out) throws InvalidInputException {
        return PullOptions.builder().image(registry.hostPort() + "/team/app:" + tag)
                .credential(credential).caCertificatePem(registry.caPem()).storeDir(tmp.resolve("store"))
                .sink(new OciLayoutSink(tmp.resolve(out), null, new JsonTrees())).build();
    }

    private PullResult pull(Credential credential, String tag, String out) throws Exception {
        return engine.pull(options(credential, tag, out), PullListener.NONE);
    }

    private Credential bob() {
        return Credential.usernamePassword("bob", SecretValue.ofString(registry.password));
    }

    @Test
    void testAnonymous_noAuthorizationSent() throws Exception {
        PullResult result = pull(Credential.anonymous());
        assertThat(result.layerCount()).isEqualTo(2);
        assertThat(registry.requests).allSatisfy(r -> assertThat(r.getHeader("Authorization")).isNull());
        assertThat(registry.requests.get(0).getPath()).isEqualTo("/v2/");
    }

    @Test
    void testBasic_sentToTheRegistry() throws Exception {
        registry.auth = Auth.BASIC;
        pull(bob());
        assertThat(registry.requests.stream().filter(r -> r.getPath().contains("/manifests/")))
                .allSatisfy(r -> assertThat(r.getHeader("Authorization")).startsWith("Basic "));
    }

    @Test
    void testBasic_wrongPassword_unauthorizedWithoutTheSecret() {
        registry.auth = Auth.BASIC;
        Credential wrong = Credential.usernamePassword("bob", SecretValue.ofString("wrong-secret-pw"));
        assertThatThrownBy(() -> pull(wrong))
                .isInstanceOf(UnauthorizedException.class)
                .hasMessageContaining("HTTP 401 UNAUTHORIZED")
                .hasMessageContaining("did not accept the credentials (user 'bob')")
                .hasMessageNotContaining("wrong-secret-pw");
    }

    @Test
    void testBasic_anonymous_saysCredentialsAreNeeded() {
        registry.auth = Auth.BASIC;
        assertThatThrownBy(() -> pull(Credential.anonymous()))
                .isInstanceOf(UnauthorizedException.class)
                .hasMessageContaining("requires authentication");
    }

    @Test
    void testBearer_oauthPasswordGrant() throws Exception {
        registry.auth = Auth.BEARER;
        pull(bob());
        RecordedRequest token = registry.requests.stream().filter(r -> r.getPath().startsWith("/token"))
                .findFirst().orElseThrow();
        assertThat(token.getMethod()).isEqualTo("POST");
        Map<String, String> form = Forms.parse(token.getBody().readUtf8());
        assertThat(form).containsEntry("grant_type", "password").containsEntry("username", "bob")
                .containsEntry("service", "mock-registry").containsEntry("scope", "repository:team/app:pull")
                .containsEntry("client_id", "registry-pull");
        assertThat(registry.tokensIssued.get()).isEqualTo(1);
    }

    @Test
    void testBearer_postNotSupported_fallsBackToGetWithBasic() throws Exception {
        registry.auth = Auth.BEARER;
        registry.oauthPost = false;
        pull(bob());
        var tokenRequests = registry.requests.stream().filter(r -> r.getPath().startsWith("/token")).toList();
        assertThat(tokenRequests).extracting(RecordedRequest::getMethod).containsExactly("POST", "GET");
        RecordedRequest get = tokenRequests.get(1);
        assertThat(get.getHeader("Authorization")).startsWith("Basic ");
        assertThat(get.getRequestUrl().queryParameter("service")).isEqualTo("mock-registry");
        assertThat(get.getRequestUrl().queryParameterValues("scope")).containsExactly("repository:team/app:pull");
        assertThat(get.getRequestUrl().toString()).doesNotContain(registry.password);

        // the realm is remembered as POST-less: a second pull's token request goes straight to GET
        clock.advance(Duration.ofHours(1));
        pull(bob(), "1.0", "out2");
        assertThat(registry.requests.stream().filter(r -> r.getPath().startsWith("/token")).map(RecordedRequest::getMethod))
                .containsExactly("POST", "GET", "GET");
    }

    @Test
    void testBearer_identityToken_refreshTokenGrant() throws Exception {
        registry.auth = Auth.BEARER;
        pull(Credential.identityToken(SecretValue.ofString(registry.refreshToken)));
        RecordedRequest token = registry.requests.stream().filter(r -> r.getPath().startsWith("/token"))
                .findFirst().orElseThrow();
        Map<String, String> form = Forms.parse(token.getBody().readUtf8());
        assertThat(form).containsEntry("grant_type", "refresh_token").containsEntry("refresh_token", registry.refreshToken);
    }

    @Test
    void testBearer_identityToken_realmWithoutOAuth_saysWhatToDo() {
        registry.auth = Auth.BEARER;
        registry.oauthPost = false;
        assertThatThrownBy(() -> pull(Credential.identityToken(SecretValue.ofString(registry.refreshToken))))
                .isInstanceOf(UnsupportedAuthenticationException.class)
                .hasMessageContaining("does not accept OAuth2 identity (refresh) tokens")
                .hasMessageNotContaining(registry.refreshToken);
    }

    @Test
    void testBearer_anonymousTokenByGet() throws Exception {
        registry.auth = Auth.BEARER;
        registry.pullable = java.util.List.of();
        // anonymous tokens carry no access in this mock, so the registry answers insufficient_scope
        assertThatThrownBy(() -> pull(Credential.anonymous()))
                .isInstanceOf(AccessDeniedException.class)
                .hasMessageContaining("lacks pull rights on team/app");
        RecordedRequest token = registry.requests.stream().filter(r -> r.getPath().startsWith("/token"))
                .findFirst().orElseThrow();
        assertThat(token.getMethod()).isEqualTo("GET");
        assertThat(token.getHeader("Authorization")).isNull();
    }

    @Test
    void testBearer_accessTokenFieldAccepted() throws Exception {
        registry.auth = Auth.BEARER;
        registry.tokenField = "access_token";
        assertThat(pull(bob()).layerCount()).isEqualTo(2);
    }

    @Test
    void testBearer_tokenCachedAcrossRequestsAndPulls() throws Exception {
        registry.auth = Auth.BEARER;
        Credential bob = bob();
        pull(bob, "1.0", "a");
        pull(bob, "1.0", "b");
        assertThat(registry.tokensIssued.get()).isEqualTo(1);
        // the /v2/ probe taught the scheme, so every manifest request carried the token at once
        assertThat(registry.count("/v2/team/app/manifests/")).isEqualTo(2);
        assertThat(registry.requests.stream().filter(r -> r.getPath().equals("/v2/")).count()).isEqualTo(1);
    }

    @Test
    void testBearer_renewedShortlyBeforeExpiry() throws Exception {
        registry.auth = Auth.BEARER;
        registry.expiresIn = 100L;
        Credential bob = bob();
        pull(bob, "1.0", "a");
        clock.advance(Duration.ofSeconds(70)); // 25 s margin: still fresh until 75 s
        pull(bob, "1.0", "b");
        assertThat(registry.tokensIssued.get()).isEqualTo(1);
        clock.advance(Duration.ofSeconds(10));
        pull(bob, "1.0", "c");
        assertThat(registry.tokensIssued.get()).isEqualTo(2);
    }

    @Test
    void testBearer_noExpiresIn_means60Seconds() throws Exception {
        registry.auth = Auth.BEARER;
        registry.expiresIn = null;
        Credential bob = bob();
        pull(bob, "1.0", "a");
        clock.advance(Duration.ofSeconds(40));
        pull(bob, "1.0", "b");
        assertThat(registry.tokensIssued.get()).isEqualTo(1);
        clock.advance(Duration.ofSeconds(10));
        pull(bob, "1.0", "c");
        assertThat(registry.tokensIssued.get()).isEqualTo(2);
    }

    @Test
    void testBearer_invalidToken_oneFreshChallengeThenSuccess() throws Exception {
        registry.auth = Auth.BEARER;
        Credential bob = bob();
        pull(bob, "1.0", "a");
        registry.revokeTokens(); // the cached token is still "fresh" by the clock, but the registry rejects it
        pull(bob, "1.0", "b");
        assertThat(registry.tokensIssued.get()).isEqualTo(2);
    }

    @Test
    void testBearer_invalidTokenForever_failsAfterOneRetry() throws Exception {
        registry.auth = Auth.BEARER;
        registry.override(r -> r.getPath().contains("/manifests/") && r.getHeader("Authorization") != null
                ? MockRegistry.error(401, "UNAUTHORIZED", "x").setHeader("WWW-Authenticate",
                        "Bearer realm=\"" + registry.realm() + "\",service=\"mock-registry\",error=\"invalid_token\"")
                : null);
        assertThatThrownBy(() -> pull(bob())).isInstanceOf(UnauthorizedException.class);
        assertThat(registry.tokensIssued.get()).isEqualTo(2);
        assertThat(registry.count("/v2/team/app/manifests/")).isEqualTo(2); // token 1, then token 2
    }

    @Test
    void testBearer_wrongPassword() {
        registry.auth = Auth.BEARER;
        Credential wrong = Credential.usernamePassword("bob", SecretValue.ofString("wrong-secret-pw"));
        assertThatThrownBy(() -> pull(wrong))
                .isInstanceOf(UnauthorizedException.class)
                .hasMessageContaining("getting a pull token for team/app")
                .hasMessageContaining("user 'bob'")
                .hasMessageNotContaining("wrong-secret-pw");
    }

    @Test
    void testBearer_plainHttpRealmForHttpsRegistry_refused() {
        registry.auth = Auth.BEARER;
        registry.realmOverride = "http://127.0.0.1:" + registry.server.getPort() + "/token";
        assertThatThrownBy(() -> pull(bob()))
                .isInstanceOf(InsecureConnectionException.class)
                .hasMessageContaining("is plain http; credentials are not sent over plain http");
        assertThat(registry.tokensIssued.get()).isZero();
    }

    @Test
    void testBearer_linkLocalRealm_refused() {
        registry.auth = Auth.BEARER;
        registry.realmOverride = "https://169.254.169.254/latest/meta-data";
        assertThatThrownBy(() -> pull(bob()))
                .isInstanceOf(InsecureConnectionException.class)
                .hasMessageContaining("link-local or cloud metadata address");
    }

    @Test
    void testErrors_manifestUnknown() {
        assertThatThrownBy(() -> pull(Credential.anonymous(), "nope", "out"))
                .isInstanceOf(NotFoundException.class)
                .hasMessageContaining("HTTP 404 MANIFEST_UNKNOWN")
                .hasMessageContaining("tag or digest does not exist in team/app");
    }

    @Test
    void testErrors_nameUnknown() throws Exception {
        registry.override(r -> r.getPath().contains("/manifests/")
                ? MockRegistry.error(404, "NAME_UNKNOWN", "repository name not known to registry") : null);
        assertThatThrownBy(() -> pull(Credential.anonymous()))
                .isInstanceOf(NotFoundException.class)
                .hasMessageContaining("the repository team/app does not exist");
    }

    @Test
    void testErrors_deniedIs403() {
        registry.override(r -> r.getPath().contains("/manifests/")
                ? MockRegistry.error(403, "DENIED", "requested access to the resource is denied") : null);
        assertThatThrownBy(() -> pull(bob()))
                .isInstanceOf(AccessDeniedException.class)
                .hasMessageContaining("HTTP 403 DENIED")
                .hasMessageContaining("the account (user 'bob') lacks pull rights on team/app");
    }

    @Test
    void testErrors_tooManyRequests_keepsRetryAfter() {
        registry.override(r -> r.getPath().contains("/manifests/")
                ? MockRegistry.error(429, "TOOMANYREQUESTS", "slow down").setHeader("Retry-After", "17") : null);
        FakeTime time = new FakeTime(); // the 4 waits of 17 s are recorded, not waited
        try (PullEngine waitless = new PullEngine(time, time)) {
            assertThatThrownBy(() -> pullWith(waitless, Credential.anonymous()))
                    .isInstanceOfSatisfying(TooManyRequestsException.class,
                            e -> assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(17)))
                    .hasMessageContaining("rate-limiting")
                    .hasMessageContaining("17 s");
        }
        assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(17), Duration.ofSeconds(17),
                Duration.ofSeconds(17), Duration.ofSeconds(17));
    }

    @Test
    void testErrors_serverError() {
        registry.override(r -> r.getPath().contains("/manifests/") ? new MockResponse().setResponseCode(503) : null);
        FakeTime time = new FakeTime();
        try (PullEngine waitless = new PullEngine(time, time)) {
            assertThatThrownBy(() -> pullWith(waitless, Credential.anonymous()))
                    .isInstanceOf(RegistryUnavailableException.class)
                    .hasMessageContaining("HTTP 503")
                    .hasMessageContaining("Retry later");
        }
        assertThat(time.sleeps()).as("backed off between the 5 attempts").hasSize(4);
    }

    @Test
    void testErrors_untrustedCertificate() throws Exception {
        PullOptions options = PullOptions.builder().image(registry.hostPort() + "/team/app:1.0")
                .storeDir(tmp.resolve("store")).sink(new OciLayoutSink(tmp.resolve("o"), null, new JsonTrees()))
                .build();
        assertThatThrownBy(() -> engine.pull(options, PullListener.NONE))
                .isInstanceOf(RegistryConnectionException.class)
                .hasMessageContaining("is not trusted")
                .hasMessageNotContaining("caCertificateId") // the front ends name their own option, from the kind
                .extracting(e -> ((RegistryException) e).kind()).isEqualTo(FailureKind.UNTRUSTED_CERTIFICATE);
    }

    @Test
    void testErrors_notARegistry() {
        registry.override(r -> r.getPath().equals("/v2/") ? new MockResponse().setResponseCode(404) : null);
        assertThatThrownBy(() -> pull(Credential.anonymous()))
                .isInstanceOf(NotFoundException.class)
                .hasMessageContaining("does not serve the registry API");
    }

    @Test
    void testNothingWrittenOnFailure() {
        registry.override(r -> r.getPath().contains("/blobs/") ? new MockResponse().setResponseCode(500) : null);
        assertThatThrownBy(() -> pull(Credential.anonymous())).isInstanceOf(RegistryUnavailableException.class);
        assertThat(tmp.resolve("out")).doesNotExist();
        assertThat(tmp.resolve("store/tmp")).satisfiesAnyOf(p -> assertThat(p).doesNotExist(),
                p -> assertThat(p).isEmptyDirectory());
        assertThat(Files.exists(tmp.resolve("store/blobs/sha256"))).isTrue(); // the verified manifest stays for reuse
    }

    @Test
    void testBearer_wrongPasswordDoesNotChangeLaterLogins() throws Exception {
        registry.auth = Auth.BEARER;
        Credential wrong = Credential.usernamePassword("bob", SecretValue.ofString("wrong-secret-pw"));
        assertThatThrownBy(() -> pull(wrong, "1.0", "w")).isInstanceOf(UnauthorizedException.class);
        registry.requests.clear();
        pull(bob(), "1.0", "ok");
        assertThat(registry.requests.stream().filter(r -> r.getPath().startsWith("/token"))
                .map(RecordedRequest::getMethod)).containsExactly("POST");
    }
}
