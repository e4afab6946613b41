package io.jenkins.registrypull.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.registrypull.api.Credential;
import io.jenkins.registrypull.api.RegistryConnectionException;
import io.jenkins.registrypull.api.RegistryException;
import io.jenkins.registrypull.api.SecretValue;
import io.jenkins.registrypull.api.UnauthorizedException;
import io.jenkins.registrypull.http.ConnectionErrors;
import io.jenkins.registrypull.http.ErrorResponses;
import io.jenkins.registrypull.http.RegistryEndpoint;
import okhttp3.FormBody;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.Buffer;
import okio.BufferedSource;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Gets bearer tokens from a registry's token realm (distribution token and OAuth2 specs).
 *
 * <ul>
 *   <li>anonymous: {@code GET realm?service=S&scope=...} without credentials;</li>
 *   <li>username and password: OAuth2 {@code POST realm} with {@code grant_type=password}, falling
 *       back to the {@code GET} with Basic credentials when the realm has no OAuth2 endpoint (404 or
 *       405, remembered per realm) or refuses the grant (400/401, as ACR and Artifactory answer; not
 *       remembered, so a wrong password does not change later logins);</li>
 *   <li>identity token: OAuth2 {@code POST} with {@code grant_type=refresh_token}.</li>
 * </ul>
 */
public final class TokenClient {

    static final String CLIENT_ID = "registry-pull";
    static final long MAX_TOKEN_BODY = 1024 * 1024;

    private final ObjectMapper json;
    private final Clock clock;
    private final Set<String> realmsWithoutOAuth = ConcurrentHashMap.newKeySet();

    public TokenClient(ObjectMapper json, Clock clock) {
        this.json = json;
        this.clock = clock;
    }

    /**
     * @param http a client that trusts what the registry's client trusts, without auth interceptors
     */
    public BearerToken fetch(OkHttpClient http, RegistryEndpoint endpoint, Challenge challenge, Credential credential,
                             Collection<String> scopes, String repository) throws RegistryException {
        HttpUrl realm = RealmPolicy.check(endpoint, challenge.realm());
        // Token requests carry credentials (a Basic header, a password or refresh token in the form): a redirect
        // would take them to wherever the realm points, a 307 even with the form body. They are not followed.
        http = http.newBuilder().followRedirects(false).followSslRedirects(false).build();
        String action = "getting a pull token for " + repository + " from " + RealmPolicy.describe(realm);
        String realmKey = RealmPolicy.describe(realm);
        try {
            if (credential instanceof Credential.IdentityToken identity) {
                return post(http, realm, challenge, scopes, refreshTokenForm(identity.refreshToken()), credential,
                        action, repository);
            }
            if (credential instanceof Credential.UsernamePassword up && !realmsWithoutOAuth.contains(realmKey)) {
                Request request = postRequest(realm, challenge, scopes, passwordForm(up));
                try (Response response = http.newCall(request).execute()) {
                    int code = response.code();
                    if (code == 404 || code == 405) {
                        // the realm has no OAuth2 endpoint: remember it, so later pulls go straight to GET
                        realmsWithoutOAuth.add(realmKey);
                    } else if (code != 400 && code != 401 && !response.isRedirect()) {
                        return read(response, credential, action, repository);
                    }
                    // 400/401: some registries (ACR, Artifactory) refuse the password grant but take the GET;
                    // a wrong password also lands here. Fall back this time only: a typo must not change
                    // how later pulls on this agent log in. A redirect (not followed, see above) too.
                }
            }
            return get(http, realm, challenge, scopes, credential, action, repository);
        } catch (IOException e) {
            throw ConnectionErrors.describe(e, realm.host(), action);
        }
    }

    private BearerToken get(OkHttpClient http, HttpUrl realm, Challenge challenge, Collection<String> scopes, Credential credential,
                            String action, String repository) throws IOException, RegistryException {
        HttpUrl.Builder url = realm.newBuilder();
        if (challenge.service() != null) {
            url.addQueryParameter("service", challenge.service());
        }
        for (String scope : scopes) {
            url.addQueryParameter("scope", scope);
        }
        if (credential instanceof Credential.UsernamePassword up) {
            url.addQueryParameter("account", up.username());
        }
        Request.Builder request = new Request.Builder().url(url.build()).get();
        if (credential instanceof Credential.UsernamePassword up) {
            request.header("Authorization", BasicAuthorization.of(up));
        }
        try (Response response = http.newCall(request.build()).execute()) {
            return read(response, credential, action, repository);
        }
    }

    private BearerToken post(OkHttpClient http, HttpUrl realm, Challenge challenge, Collection<String> scopes, FormBody.Builder form,
                             Credential credential, String action, String repository)
            throws IOException, RegistryException {
        try (Response response = http.newCall(postRequest(realm, challenge, scopes, form)).execute()) {
            if (response.code() == 404 || response.code() == 405) {
                throw new UnauthorizedException("HTTP " + response.code() + " from " + RealmPolicy.describe(realm)
                        + " while " + action + ": the token server does not accept OAuth2 identity (refresh) tokens."
                        + " Use a username and password (or access token) credential for this registry instead.",
                        response.code(), List.of());
            }
            return read(response, credential, action, repository);
        }
    }

    private static Request postRequest(HttpUrl realm, Challenge challenge, Collection<String> scopes,
                                       FormBody.Builder form) {
        if (challenge.service() != null) {
            form.add("service", challenge.service());
        }
        if (!scopes.isEmpty()) {
            form.add("scope", String.join(" ", scopes));
        }
        form.add("client_id", CLIENT_ID);
        return new Request.Builder().url(realm).post(form.build()).build();
    }

    private static FormBody.Builder passwordForm(Credential.UsernamePassword up) {
        return new FormBody.Builder()
                .add("grant_type", "password")
                .add("username", up.username())
                .add("password", up.password().reveal());
    }

    private static FormBody.Builder refreshTokenForm(SecretValue refreshToken) {
        return new FormBody.Builder()
                .add("grant_type", "refresh_token")
                .add("refresh_token", refreshToken.reveal());
    }

    private BearerToken read(Response response, Credential credential, String action, String repository)
            throws IOException, RegistryException {
        if (response.isRedirect()) {
            HttpUrl to = response.header("Location") == null ? null
                    : response.request().url().resolve(response.header("Location"));
            throw new RegistryConnectionException("The token server answered HTTP " + response.code()
                    + (to == null ? "" : ", a redirect to " + RealmPolicy.describe(to) + ",") + " while " + action
                    + ". Token requests carry credentials, so they are not redirected: set the registry's token realm"
                    + " to the token server's final URL.", null);
        }
        if (!response.isSuccessful()) {
            throw new ErrorResponses(json).toException(response, action, repository, credential.describe(), false);
        }
        Instant received = clock.instant();
        JsonNode body = readBounded(response.body());
        String token = text(body, "token");
        if (token == null) {
            token = text(body, "access_token");
        }
        if (token == null) {
            throw new RegistryConnectionException("the token server answered " + action
                    + " without a token; it is misconfigured or is not a registry token server", null);
        }
        long expiresIn = body.path("expires_in").asLong(0);
        Duration lifetime = expiresIn > 0 ? Duration.ofSeconds(expiresIn) : BearerToken.DEFAULT_LIFETIME;
        Instant expiresAt = received.plus(lifetime);
        Instant issuedAt = issuedAt(text(body, "issued_at"));
        if (issuedAt != null && issuedAt.plus(lifetime).isBefore(expiresAt)) {
            expiresAt = issuedAt.plus(lifetime); // issued earlier than received: trust the earlier expiry
        }
        String refresh = text(body, "refresh_token");
        return new BearerToken(SecretValue.ofString(token), received, expiresAt,
                refresh == null ? null : SecretValue.ofString(refresh));
    }

    private JsonNode readBounded(ResponseBody body) throws IOException {
        if (body == null) {
            return json.createObjectNode();
        }
        BufferedSource source = body.source();
        Buffer buffer = new Buffer();
        while (source.read(buffer, 8192) != -1) {
            if (buffer.size() > MAX_TOKEN_BODY) {
                buffer.clear();
                throw new IOException("the token server's answer is larger than " + MAX_TOKEN_BODY + " bytes");
            }
        }
        byte[] bytes = buffer.readByteArray();
        try {
            JsonNode node = json.readTree(bytes);
            return node == null ? json.createObjectNode() : node;
        } catch (IOException e) {
            throw new IOException("the token server's answer is not JSON");
        } finally {
            java.util.Arrays.fill(bytes, (byte) 0);
        }
    }

    private static String text(JsonNode body, String field) {
        JsonNode node = body.get(field);
        return node != null && node.isTextual() && !node.asText().isEmpty() ? node.asText() : null;
    }

    private static Instant issuedAt(String value) {
        if (value == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
