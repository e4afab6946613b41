package io.jenkins.registrypull.auth;

import io.jenkins.registrypull.json.JsonTrees;
import io.jenkins.registrypull.credential.Credential;
import io.jenkins.registrypull.credential.SecretValue;
import io.jenkins.registrypull.error.FailureKind;
import io.jenkins.registrypull.error.InsecureConnectionException;
import io.jenkins.registrypull.error.NotFoundException;
import io.jenkins.registrypull.error.RegistryUnavailableException;
import io.jenkins.registrypull.error.UnsupportedAuthenticationException;
import io.jenkins.registrypull.http.ErrorResponses;
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
import java.util.Base64;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The probe and the choice of scheme, against a scripted registry: what is sent, and the typed failures. */
class AuthSessionTest {

    private final MockWebServer server = new MockWebServer();
    private RegistryEndpoint endpoint;
    private RedirectPolicy http;

    @BeforeEach
    void setUp() throws Exception {
        server.start();
        endpoint = new RegistryEndpoint(server.getHostName() + ":" + server.getPort(), true, null);
        http = new RedirectPolicy(new OkHttpClient.Builder().followRedirects(false).followSslRedirects(false).build(),
                endpoint);
    }

    @AfterEach
    void tearDown() throws Exception {
        server.shutdown();
    }

    private AuthSession session(Credential credential) {
        return new AuthSession(endpoint, credential, new TokenClient(new JsonTrees(), Clock.systemUTC()),
                new ErrorResponses(new JsonTrees()),
                Clock.systemUTC());
    }

    private static Credential bob() {
        return Credential.usernamePassword("bob", SecretValue.ofString("hunter2-secret"));
    }

    private static MockResponse challenge(String value) {
        return new MockResponse().setResponseCode(401).addHeader("WWW-Authenticate", value);
    }

    @Test
    void testOpenRegistry_noAuthorization_probedOnce() throws Exception {
        server.enqueue(new MockResponse().setBody("{}"));
        try (AuthSession session = session(bob())) {
            assertThat(session.authorization("team/app", http)).isNull();
            assertThat(session.authorization("team/app", http)).isNull();
        }
        assertThat(server.getRequestCount()).isEqualTo(1);
        assertThat(server.takeRequest().getPath()).isEqualTo("/v2/");
    }

    @Test
    void testBasic_sendsTheCredential() throws Exception {
        server.enqueue(challenge("Basic realm=\"registry\""));
        try (AuthSession session = session(bob())) {
            String authorization = session.authorization("team/app", http);
            assertThat(authorization).isEqualTo("Basic "
                    + Base64.getEncoder().encodeToString("bob:hunter2-secret".getBytes(UTF_8)));
        }
        assertThat(server.takeRequest().getHeader("Authorization")).as("the probe carries nothing").isNull();
    }

    @Test
    void testBasic_withAnIdentityToken_refused() {
        server.enqueue(challenge("Basic realm=\"registry\""));
        try (AuthSession session = session(Credential.identityToken(SecretValue.ofString("rt-secret")))) {
            assertThatThrownBy(() -> session.authorization("team/app", http))
                    .isInstanceOf(InsecureConnectionException.class).hasMessageNotContaining("rt-secret");
        }
    }

    @Test
    void testBearer_fetchesAScopedTokenFromTheRealm_andCachesIt() throws Exception {
        server.enqueue(challenge("Bearer realm=\"" + server.url("/token") + "\",service=\"reg\""));
        server.enqueue(new MockResponse().setBody("{\"token\":\"tok-9\",\"expires_in\":300}"));
        try (AuthSession session = session(Credential.anonymous())) {
            assertThat(session.authorization("team/app", http)).isEqualTo("Bearer tok-9");
            assertThat(session.authorization("team/app", http)).isEqualTo("Bearer tok-9");
        }
        server.takeRequest();
        RecordedRequest token = server.takeRequest();
        assertThat(token.getPath()).startsWith("/token?");
        assertThat(token.getRequestUrl().queryParameter("scope")).isEqualTo("repository:team/app:pull");
        assertThat(server.getRequestCount()).isEqualTo(2);
    }

    @Test
    void testUnsupportedScheme_unsupportedAuthentication_notAManifestProblem() {
        server.enqueue(challenge("Negotiate"));
        try (AuthSession session = session(bob())) {
            assertThatThrownBy(() -> session.authorization("team/app", http))
                    .isInstanceOfSatisfying(UnsupportedAuthenticationException.class, e -> {
                        assertThat(e.kind()).isEqualTo(FailureKind.UNSUPPORTED_AUTHENTICATION);
                        assertThat(e.getMessage()).contains("asks for Negotiate authentication")
                                .contains("No credentials were sent");
                    });
        }
    }

    @Test
    void testNoRegistryApi_notFound() {
        server.enqueue(new MockResponse().setResponseCode(404));
        try (AuthSession session = session(bob())) {
            assertThatThrownBy(() -> session.ping(http)).isInstanceOfSatisfying(NotFoundException.class, e -> {
                assertThat(e.status()).isEqualTo(404);
                assertThat(e.getMessage()).contains("does not serve the registry API");
            });
        }
    }

    @Test
    void testProbeServerError_typedAndRetryable_thenProbedAgain() throws Exception {
        server.enqueue(new MockResponse().setResponseCode(502));
        server.enqueue(new MockResponse().setBody("{}"));
        try (AuthSession session = session(bob())) {
            assertThatThrownBy(() -> session.ping(http)).isInstanceOfSatisfying(RegistryUnavailableException.class,
                    e -> assertThat(e.retryable()).isTrue());
            session.ping(http);
            assertThat(session.authorization("team/app", http)).isNull();
        }
        assertThat(server.getRequestCount()).isEqualTo(2);
    }
}
