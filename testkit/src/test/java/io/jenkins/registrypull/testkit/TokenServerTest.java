package io.jenkins.registrypull.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.interfaces.ECPublicKey;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import okhttp3.Credentials;
import okhttp3.FormBody;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The token server against a real registry in token mode: every token it hands out is judged by the registry. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TokenServerTest {

    private static final String ACCEPT = String.join(",", MediaTypes.OCI_MANIFEST, MediaTypes.OCI_INDEX,
            MediaTypes.DOCKER_MANIFEST, MediaTypes.DOCKER_MANIFEST_LIST);

    private final TestUser alice = TestUser.random("alice");
    private final ObjectMapper json = new ObjectMapper();
    @AutoClose
    private final TokenServer tokens = TokenServer.start();
    @AutoClose
    private final RegistryServer registry = RegistryServer.tokenTls(tokens);
    private final OkHttpClient client = tokens.ca().trustingClientBuilder().build();
    private final BuiltImage image = TestImages.small(ManifestFormat.OCI, Platform.LINUX_AMD64);

    @BeforeAll
    void pushImages() {
        tokens.addPuller(alice, "team/app");
        try (RegistryPusher pusher = RegistryPusher.forRegistry(registry)) {
            for (String repository : List.of("team/app", "team/secret", "public/app")) {
                pusher.pushImage(repository, "1.0", image);
            }
        }
        tokens.allowAnonymousPull("public/app");
    }

    @BeforeEach
    void resetSettings() {
        tokens.updateSettings(s -> TokenSettings.defaults());
        tokens.requests().clear();
    }

    @Test
    void testGet_rightPassword_tokenTheRegistryAccepts() throws Exception {
        JsonNode answer;
        try (Response response = getToken(Credentials.basic("alice", alice.password()), "repository:team/app:pull")) {
            assertThat(response.code()).isEqualTo(200);
            answer = json.readTree(response.body().string());
        }
        assertThat(answer.get("token").asText()).isEqualTo(answer.get("access_token").asText());
        assertThat(answer.get("expires_in").asLong()).isEqualTo(300);
        assertThat(answer.get("issued_at").asText()).endsWith("Z");
        assertThat(answer.has("refresh_token")).isFalse();

        try (Response response = pullManifest("team/app", answer.get("token").asText())) {
            assertThat(response.code()).isEqualTo(200);
            assertThat(response.body().bytes()).isEqualTo(image.manifestBytes());
        }
        TokenRequest logged = tokens.requests().all().get(0);
        assertThat(logged.username()).isEqualTo("alice");
        assertThat(logged.basicAuth()).isTrue();
        assertThat(logged.requestedScopes()).containsExactly("repository:team/app:pull");
        assertThat(logged.query().get("service")).containsExactly(tokens.service());
        assertThat(logged.secretInUrl()).isFalse();
    }

    @Test
    void testJwt_hasTheShapeRegistry28Needs() throws Exception {
        String token = tokens.mintToken("alice", List.of(Scope.repository("team/app", "pull"))).token();
        SignedJWT jwt = SignedJWT.parse(token);
        String payload = new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8);
        JsonNode claims = json.readTree(payload);

        assertThat(jwt.getHeader().getType().toString()).isEqualTo("JWT");
        assertThat(jwt.getHeader().getAlgorithm().getName()).isEqualTo("ES256");
        assertThat(jwt.getHeader().getKeyID()).isEqualTo(LibtrustKeyId.of(tokens.signingPublicKey()));
        assertThat(jwt.getSignature().decode()).hasSize(64);
        assertThat(jwt.verify(new ECDSAVerifier((ECPublicKey) tokens.signingPublicKey()))).isTrue();
        assertThat(claims.get("aud").isTextual()).as("aud must be a plain string").isTrue();
        assertThat(claims.get("aud").asText()).isEqualTo(tokens.service());
        assertThat(claims.get("iss").asText()).isEqualTo(tokens.issuer());
        assertThat(claims.get("sub").asText()).isEqualTo("alice");
        assertThat(claims.has("exp") && claims.has("nbf") && claims.has("iat") && claims.has("jti")).isTrue();
        assertThat(claims.at("/access/0/type").asText()).isEqualTo("repository");
        assertThat(claims.at("/access/0/name").asText()).isEqualTo("team/app");
        assertThat(claims.at("/access/0/actions/0").asText()).isEqualTo("pull");
    }

    @Test
    void testGet_wrongPassword_401() throws Exception {
        try (Response response = getToken(Credentials.basic("alice", "wrong"), "repository:team/app:pull")) {
            assertThat(response.code()).isEqualTo(401);
            assertThat(response.header("WWW-Authenticate")).startsWith("Basic ");
        }
        try (Response response = getToken(Credentials.basic("nobody", alice.password()), "repository:team/app:pull")) {
            assertThat(response.code()).isEqualTo(401);
        }
        assertThat(tokens.requests().successfulCount()).isZero();
    }

    @Test
    void testGet_anonymousRepository_worksWithoutCredentials() throws Exception {
        String token;
        try (Response response = getToken(null, "repository:public/app:pull")) {
            assertThat(response.code()).isEqualTo(200);
            token = json.readTree(response.body().string()).get("token").asText();
        }
        try (Response response = pullManifest("public/app", token)) {
            assertThat(response.code()).isEqualTo(200);
        }
        try (Response response = pullManifest("team/app", token)) {
            assertThat(response.code()).isEqualTo(401);
        }
        assertThat(tokens.requests().all().get(0).username()).isNull();
    }

    @Test
    void testGet_anonymousSwitchedOff_401() throws Exception {
        tokens.updateSettings(s -> s.withAnonymousAllowed(false));
        try (Response response = getToken(null, "repository:public/app:pull")) {
            assertThat(response.code()).isEqualTo(401);
        }
    }

    @Test
    void testUserWithoutPull_getsATokenTheRegistryDenies() throws Exception {
        String token;
        try (Response response = getToken(Credentials.basic("alice", alice.password()),
                "repository:team/secret:pull")) {
            assertThat(response.code()).isEqualTo(200);
            token = json.readTree(response.body().string()).get("token").asText();
        }
        assertThat(SignedJWT.parse(token).getJWTClaimsSet().getListClaim("access")).isEmpty();
        try (Response response = pullManifest("team/secret", token)) {
            assertThat(response.code()).isIn(401, 403);
            assertThat(response.header("WWW-Authenticate")).contains("error=\"insufficient_scope\"");
        }
    }

    @Test
    void testGet_multipleScopes_grantsOnlyWhatIsAllowed() throws Exception {
        try (Response response = getToken(Credentials.basic("alice", alice.password()),
                "repository:team/app:pull,push", "repository:public/app:pull")) {
            String token = json.readTree(response.body().string()).get("token").asText();
            List<Object> access = SignedJWT.parse(token).getJWTClaimsSet().getListClaim("access");
            assertThat(access).hasSize(2);
            assertThat(access.get(0).toString()).contains("team/app").contains("pull").doesNotContain("push");
        }
    }

    @Test
    void testPost_passwordThenRefreshToken() throws Exception {
        JsonNode first;
        try (Response response = post(new FormBody.Builder()
                .add("grant_type", "password").add("username", "alice").add("password", alice.password())
                .add("service", tokens.service()).add("client_id", "testkit").add("access_type", "offline")
                .add("scope", "repository:team/app:pull repository:public/app:pull").build())) {
            assertThat(response.code()).isEqualTo(200);
            first = json.readTree(response.body().string());
        }
        String refreshToken = first.get("refresh_token").asText();
        assertThat(refreshToken).isNotEmpty();
        try (Response response = pullManifest("team/app", first.get("access_token").asText())) {
            assertThat(response.code()).isEqualTo(200);
        }

        JsonNode second;
        try (Response response = post(new FormBody.Builder()
                .add("grant_type", "refresh_token").add("refresh_token", refreshToken)
                .add("service", tokens.service()).add("client_id", "testkit")
                .add("scope", "repository:team/app:pull").build())) {
            assertThat(response.code()).isEqualTo(200);
            second = json.readTree(response.body().string());
        }
        try (Response response = pullManifest("team/app", second.get("token").asText())) {
            assertThat(response.code()).isEqualTo(200);
        }

        List<TokenRequest> log = tokens.requests().all();
        assertThat(log).extracting(TokenRequest::grantType).containsExactly("password", "refresh_token");
        assertThat(log).extracting(TokenRequest::username).containsExactly("alice", "alice");
        assertThat(log.get(0).form().get("password")).containsExactly(TokenRequest.REDACTED);
        assertThat(log.get(1).form().get("refresh_token")).containsExactly(TokenRequest.REDACTED);
        assertThat(log.get(0).requestedScopes()).hasSize(2);
        assertThat(log.toString()).doesNotContain(alice.password()).doesNotContain(refreshToken);
    }

    @Test
    void testPost_wrongPasswordOrUnknownRefreshToken_401() throws Exception {
        try (Response response = post(new FormBody.Builder().add("grant_type", "password").add("username", "alice")
                .add("password", "wrong").add("service", tokens.service()).add("client_id", "testkit").build())) {
            assertThat(response.code()).isEqualTo(401);
            assertThat(json.readTree(response.body().string()).get("error").asText()).isEqualTo("invalid_grant");
        }
        try (Response response = post(new FormBody.Builder().add("grant_type", "refresh_token")
                .add("refresh_token", "rt-unknown").add("service", tokens.service()).add("client_id", "testkit")
                .build())) {
            assertThat(response.code()).isEqualTo(401);
        }
        try (Response response = post(new FormBody.Builder().add("grant_type", "password").add("username", "alice")
                .add("password", alice.password()).add("service", tokens.service()).build())) {
            assertThat(response.code()).as("client_id is required").isEqualTo(400);
        }
    }

    @Test
    void testPost_disabled_404() throws Exception {
        tokens.updateSettings(s -> s.withPostEnabled(false));
        try (Response response = post(new FormBody.Builder().add("grant_type", "password").add("username", "alice")
                .add("password", alice.password()).add("service", tokens.service()).add("client_id", "testkit")
                .build())) {
            assertThat(response.code()).isEqualTo(404);
        }
        try (Response response = getToken(Credentials.basic("alice", alice.password()), "repository:team/app:pull")) {
            assertThat(response.code()).as("GET still works").isEqualTo(200);
        }
    }

    @Test
    void testResponseShapes() throws Exception {
        tokens.updateSettings(s -> s.withShape(TokenResponseShape.TOKEN_ONLY).withExpiresIn(false).withIssuedAt(false));
        JsonNode tokenOnly = tokenAnswer();
        assertThat(tokenOnly.has("token")).isTrue();
        assertThat(tokenOnly.has("access_token") || tokenOnly.has("expires_in") || tokenOnly.has("issued_at")).isFalse();

        tokens.updateSettings(s -> s.withShape(TokenResponseShape.ACCESS_TOKEN_ONLY).withExpiresIn(true)
                .withTtl(Duration.ofSeconds(5)));
        JsonNode accessOnly = tokenAnswer();
        assertThat(accessOnly.has("token")).isFalse();
        assertThat(accessOnly.get("access_token").asText()).isNotEmpty();
        assertThat(accessOnly.get("expires_in").asLong()).isEqualTo(5);
    }

    @Test
    void testCancelRegistryLeeway_registryRefusesTheTokenAfterItsTtl() throws Exception {
        tokens.updateSettings(s -> s.withTtl(Duration.ofSeconds(1)).withCancelRegistryLeeway(true));
        String token = tokenAnswer().get("token").asText();
        try (Response response = pullManifest("team/app", token)) {
            assertThat(response.code()).isEqualTo(200);
        }
        Thread.sleep(2_500);
        try (Response response = pullManifest("team/app", token)) {
            assertThat(response.code()).isEqualTo(401);
            assertThat(response.header("WWW-Authenticate")).contains("error=\"invalid_token\"");
        }
    }

    @Test
    void testRequestLog_flagsSecretsInTheUrl() throws Exception {
        HttpUrl leaky = HttpUrl.get(tokens.realm()).newBuilder().addQueryParameter("service", tokens.service())
                .addQueryParameter("password", alice.password()).build();
        try (Response response = client.newCall(new Request.Builder().url(leaky).build()).execute()) {
            assertThat(response.code()).isEqualTo(200);
        }
        HttpUrl sneaky = HttpUrl.get(tokens.realm()).newBuilder().addQueryParameter("p", alice.password()).build();
        try (Response response = client.newCall(new Request.Builder().url(sneaky).build()).execute()) {
            assertThat(response.code()).isEqualTo(200);
        }

        List<TokenRequest> log = tokens.requests().all();
        assertThat(log).allMatch(TokenRequest::secretInUrl);
        assertThat(log.get(0).query().get("password")).containsExactly(TokenRequest.REDACTED);
        assertThat(tokens.requests().anySecretInUrl()).isTrue();
    }

    @Test
    void testRs256Signer_isAcceptedByTheRegistryToo() throws Exception {
        TestCa ca = TestCa.create();
        try (TokenServer rsa = TokenServer.builder(ca).algorithm(SigningAlgorithm.RS256).service("rsa-registry")
                .issuer("rsa-issuer").start();
                RegistryServer rsaRegistry = RegistryServer.tokenTls(rsa);
                RegistryPusher pusher = RegistryPusher.forRegistry(rsaRegistry)) {
            pusher.pushImage("team/app", "1.0", image);
            String token = rsa.mintToken("x", List.of(Scope.repository("team/app", "pull"))).token();
            assertThat(SignedJWT.parse(token).getHeader().getAlgorithm().getName()).isEqualTo("RS256");
            Request request = new Request.Builder().url(rsaRegistry.baseUrl() + "/v2/team/app/manifests/1.0")
                    .header("Accept", ACCEPT).header("Authorization", "Bearer " + token).build();
            try (Response response = rsaRegistry.clientBuilder().build().newCall(request).execute()) {
                assertThat(response.code()).isEqualTo(200);
            }
        }
    }

    @Test
    void testSkopeo_pullsAnAnonymousRepositoryThroughTheTokenServer() {
        try (Skopeo skopeo = new Skopeo(registry)) {
            assertThat(skopeo.inspectRaw("public/app:1.0")).isEqualTo(image.manifestBytes());
        }
        assertThat(tokens.requests().all()).isNotEmpty().allMatch(r -> r.username() == null && r.succeeded());
    }

    private JsonNode tokenAnswer() throws IOException {
        try (Response response = getToken(Credentials.basic("alice", alice.password()), "repository:team/app:pull")) {
            assertThat(response.code()).isEqualTo(200);
            return json.readTree(response.body().string());
        }
    }

    private Response getToken(String authorization, String... scopes) throws IOException {
        HttpUrl.Builder url = HttpUrl.get(tokens.realm()).newBuilder().addQueryParameter("service", tokens.service());
        for (String scope : scopes) {
            url.addQueryParameter("scope", scope);
        }
        Request.Builder request = new Request.Builder().url(url.build());
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return client.newCall(request.build()).execute();
    }

    private Response post(FormBody form) throws IOException {
        return client.newCall(new Request.Builder().url(tokens.realm()).post(form).build()).execute();
    }

    private Response pullManifest(String repository, String token) throws IOException {
        Request request = new Request.Builder().url(registry.baseUrl() + "/v2/" + repository + "/manifests/1.0")
                .header("Accept", ACCEPT).header("Authorization", "Bearer " + token).build();
        return client.newCall(request).execute();
    }
}
