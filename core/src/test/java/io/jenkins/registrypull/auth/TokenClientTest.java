package io.jenkins.registrypull.auth;

import io.jenkins.registrypull.json.JsonTrees;
import io.jenkins.registrypull.credential.Credential;
import io.jenkins.registrypull.credential.SecretValue;
import io.jenkins.registrypull.error.FailureKind;
import io.jenkins.registrypull.error.InsecureConnectionException;
import io.jenkins.registrypull.error.InvalidRegistryAnswerException;
import io.jenkins.registrypull.error.RegistryUnavailableException;
import io.jenkins.registrypull.error.UnauthorizedException;
import io.jenkins.registrypull.error.UnsupportedAuthenticationException;
import io.jenkins.registrypull.http.RedirectPolicy;
import io.jenkins.registrypull.http.RegistryEndpoint;
import okhttp3.OkHttpClient;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The token request alone, against a scripted token server: grants, fallbacks and typed failures. */
class TokenClientTest {

    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    private final MockWebServer server = new MockWebServer();
    private final TokenClient tokens = new TokenClient(new JsonTrees(), Clock.fixed(NOW, ZoneOffset.UTC));
    private RedirectPolicy http;
    private Challenge challenge;

    @BeforeEach
    void setUp() throws Exception {
        server.start();
        RegistryEndpoint endpoint = new RegistryEndpoint(server.getHostName() + ":" + server.getPort(), true, null);
        http = new RedirectPolicy(new OkHttpClient.Builder().followRedirects(false).followSslRedirects(false).build(),
                endpoint);
        challenge = new Challenge("Bearer", Map.of("realm", server.url("/token").toString(), "service", "reg"));
    }

    @AfterEach
    void tearDown() throws Exception {
        server.shutdown();
    }

    private static Credential bob() {
        return Credential.usernamePassword("bob", SecretValue.ofString("hunter2-secret"));
    }

    private BearerToken fetch(Credential credential) throws Exception {
        return tokens.fetch(http, challenge, credential, List.of("repository:team/app:pull"), "team/app");
    }

    @Test
    void testAnonymous_getWithScopeAndService() throws Exception {
        server.enqueue(new MockResponse().setBody("{\"token\":\"tok-1\",\"expires_in\":120}"));
        BearerToken token = fetch(Credential.anonymous());
        assertThat(token.token().reveal()).isEqualTo("tok-1");
        RecordedRequest request = server.takeRequest();
        assertThat(request.getMethod()).isEqualTo("GET");
        assertThat(request.getRequestUrl().queryParameter("scope")).isEqualTo("repository:team/app:pull");
        assertThat(request.getRequestUrl().queryParameter("service")).isEqualTo("reg");
        assertThat(request.getHeader("Authorization")).isNull();
    }

    @Test
    void testPassword_oauthPostFirst_secretOnlyInTheBody() throws Exception {
        server.enqueue(new MockResponse().setBody("{\"access_token\":\"tok-2\"}"));
        assertThat(fetch(bob()).token().reveal()).isEqualTo("tok-2");
        RecordedRequest request = server.takeRequest();
        assertThat(request.getMethod()).isEqualTo("POST");
        assertThat(request.getBody().readUtf8()).contains("grant_type=password", "username=bob",
                "password=hunter2-secret");
        assertThat(request.getRequestUrl().toString()).doesNotContain("hunter2");
    }

    @Test
    void testPasswordGrantRefused_fallsBackToBasicGet() throws Exception {
        server.enqueue(new MockResponse().setResponseCode(401));
        server.enqueue(new MockResponse().setBody("{\"token\":\"tok-3\"}"));
        assertThat(fetch(bob()).token().reveal()).isEqualTo("tok-3");
        server.takeRequest();
        RecordedRequest get = server.takeRequest();
        assertThat(get.getMethod()).isEqualTo("GET");
        assertThat(get.getHeader("Authorization")).startsWith("Basic ");
        assertThat(get.getRequestUrl().queryParameter("account")).isEqualTo("bob");
    }

    @Test
    void testWrongPassword_unauthorized_withStatus() {
        server.enqueue(new MockResponse().setResponseCode(401));
        server.enqueue(new MockResponse().setResponseCode(401)
                .setBody("{\"errors\":[{\"code\":\"UNAUTHORIZED\",\"message\":\"bad credentials\"}]}"));
        assertThatThrownBy(() -> fetch(bob())).isInstanceOfSatisfying(UnauthorizedException.class, e -> {
            assertThat(e.status()).isEqualTo(401);
            assertThat(e.kind()).isEqualTo(FailureKind.AUTHENTICATION);
            assertThat(e.retryable()).isFalse();
            assertThat(e.errors()).extracting(r -> r.rawCode()).containsExactly("UNAUTHORIZED");
            assertThat(e.getMessage()).doesNotContain("hunter2", "credentialsId", "--username");
        });
    }

    @Test
    void testIdentityTokenWithoutOAuth_unsupportedAuthentication() {
        server.enqueue(new MockResponse().setResponseCode(404));
        assertThatThrownBy(() -> fetch(Credential.identityToken(SecretValue.ofString("refresh-secret"))))
                .isInstanceOfSatisfying(UnsupportedAuthenticationException.class, e -> {
                    assertThat(e.kind()).isEqualTo(FailureKind.UNSUPPORTED_AUTHENTICATION);
                    assertThat(e.getMessage()).contains("does not accept OAuth2 identity (refresh) tokens")
                            .doesNotContain("refresh-secret");
                });
    }

    @Test
    void testServerError_retryableAndTyped() {
        server.enqueue(new MockResponse().setResponseCode(503));
        assertThatThrownBy(() -> fetch(Credential.anonymous()))
                .isInstanceOfSatisfying(RegistryUnavailableException.class, e -> {
                    assertThat(e.status()).isEqualTo(503);
                    assertThat(e.retryable()).isTrue();
                });
    }

    @Test
    void testNotAToken_invalidAnswer_notRetryable() {
        server.enqueue(new MockResponse().setBody("<html>login</html>"));
        assertThatThrownBy(() -> fetch(Credential.anonymous()))
                .isInstanceOfSatisfying(InvalidRegistryAnswerException.class, e -> {
                    assertThat(e.kind()).isEqualTo(FailureKind.INVALID_ANSWER);
                    assertThat(e.retryable()).isFalse();
                });
    }

    @Test
    void testRealmOnAnotherPlainHttpHost_refusedBeforeAnyRequest() {
        challenge = new Challenge("Bearer", Map.of("realm", "http://token.example/token"));
        assertThatThrownBy(() -> fetch(bob())).isInstanceOf(InsecureConnectionException.class);
        assertThat(server.getRequestCount()).isZero();
    }
}
