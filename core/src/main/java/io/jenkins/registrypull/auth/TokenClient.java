package io.jenkins.registrypull.auth;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.registrypull.json.JsonTrees;
import io.jenkins.registrypull.credential.Credential;
import io.jenkins.registrypull.error.InvalidRegistryAnswerException;
import io.jenkins.registrypull.error.RedirectRefusedException;
import io.jenkins.registrypull.error.RegistryException;
import io.jenkins.registrypull.credential.SecretValue;
import io.jenkins.registrypull.error.UnsupportedAuthenticationException;
import io.jenkins.registrypull.http.ConnectionErrors;
import io.jenkins.registrypull.http.ErrorResponses;
import io.jenkins.registrypull.http.RedirectPolicy;
import io.jenkins.registrypull.http.RegistryEndpoint;
import io.jenkins.registrypull.http.SegmentScrubber;
import okhttp3.HttpUrl;
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
    /** Longest token lifetime believed; a longer {@code expires_in} is clamped to it. */
    static final Duration MAX_LIFETIME = Duration.ofDays(1);
    static final int MAX_CHALLENGE_PARAMETER = 4096;

    private final JsonTrees json;
    private final Clock clock;
    private final Set<String> realmsWithoutOAuth = ConcurrentHashMap.newKeySet();

    public TokenClient(JsonTrees json, Clock clock) {
        this.json = json;
        this.clock = clock;
    }

    /**
     * @param http the pull's requests, unauthenticated: token requests carry credentials, so the policy
     *             follows none of their redirects, and the pull's deadline bounds them
     * @param presented the session's credential: sent as {@link Credential#current()}, named in errors as itself
     *                  (a minted credential's own description would only say "user 'AWS'")
     */
    public BearerToken fetch(RedirectPolicy http, Challenge challenge, Credential presented,
                             Collection<String> scopes, String repository) throws RegistryException {
        Credential credential = presented.current();
        RegistryEndpoint endpoint = http.endpoint();
        HttpUrl realm = RealmPolicy.check(endpoint, challenge.realm());
        checkChallenge(endpoint, challenge);
        String action = "getting a pull token for " + repository + " from " + RealmPolicy.describe(realm);
        String realmKey = RealmPolicy.describe(realm);
        try {
            if (credential instanceof Credential.IdentityToken identity) {
                try (SecretFormBody form = refreshTokenForm(identity.refreshToken(), challenge, scopes)) {
                    return post(http, realm, form, presented, action, repository);
                }
            }
            if (credential instanceof Credential.UsernamePassword up && !realmsWithoutOAuth.contains(realmKey)) {
                try (SecretFormBody form = passwordForm(up, challenge, scopes)) {
                    Request request = new Request.Builder().url(realm).post(form).build();
                    try (Response response = http.execute(request, what(action), RedirectPolicy.Hops.NONE).response()) {
                        int code = response.code();
                        if (code == 404 || code == 405) {
                            // the realm has no OAuth2 endpoint: remember it, so later pulls go straight to GET
                            realmsWithoutOAuth.add(realmKey);
                        } else if (code != 400 && code != 401) {
                            return read(response, presented, action, repository);
                        }
                        // 400/401: some registries (ACR, Artifactory) refuse the password grant but take the GET;
                        // a wrong password also lands here. Fall back this time only: a typo must not change
                        // how later pulls on this agent log in.
                    } catch (RedirectRefusedException redirected) {
                        // the POST was redirected (not followed): try the GET, which is refused the same way
                    } finally {
                        SegmentScrubber.scrubThisThread();
                    }
                }
            }
            try {
                return get(http, realm, challenge, scopes, credential, presented, action, repository);
            } finally {
                SegmentScrubber.scrubThisThread();
            }
        } catch (IOException e) {
            throw ConnectionErrors.describe(e, realm.host(), action);
        }
    }

    /** "a pull token for R from URL", from the action "getting a pull token for R from URL". */
    private static String what(String action) {
        return action.substring("getting ".length());
    }

    /**
     * Real challenges are short; a registry that sends 100 KB of {@code service} is refused here rather
     * than in OkHttp, which fails on a request line that long with a bare IllegalStateException.
     */
    private static void checkChallenge(RegistryEndpoint endpoint, Challenge challenge)
            throws InvalidRegistryAnswerException {
        check(endpoint, "realm", challenge.realm());
        check(endpoint, "service", challenge.service());
        check(endpoint, "scope", challenge.scope());
    }

    private static void check(RegistryEndpoint endpoint, String name, String value)
            throws InvalidRegistryAnswerException {
        if (value == null) {
            return;
        }
        if (value.length() > MAX_CHALLENGE_PARAMETER) {
            throw new InvalidRegistryAnswerException("The registry " + endpoint.host() + " sent an authentication"
                    + " challenge whose '" + name + "' is " + value.length() + " characters long (at most "
                    + MAX_CHALLENGE_PARAMETER + " are accepted; real ones are a few dozen). The registry is"
                    + " misconfigured or hostile; check the registry address.");
        }
        if (!value.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
            throw new InvalidRegistryAnswerException("The registry " + endpoint.host() + " sent an authentication"
                    + " challenge whose '" + name + "' holds control or non-ASCII characters. The registry is"
                    + " misconfigured or hostile; check the registry address.");
        }
    }

    private BearerToken get(RedirectPolicy http, HttpUrl realm, Challenge challenge, Collection<String> scopes,
                            Credential credential, Credential presented, String action, String repository)
            throws IOException, RegistryException {
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
        try (Response response = http.execute(request.build(), what(action), RedirectPolicy.Hops.NONE).response()) {
            return read(response, presented, action, repository);
        }
    }

    private BearerToken post(RedirectPolicy http, HttpUrl realm, SecretFormBody form, Credential credential,
                             String action, String repository) throws IOException, RegistryException {
        Request request = new Request.Builder().url(realm).post(form).build();
        try (Response response = http.execute(request, what(action), RedirectPolicy.Hops.NONE).response()) {
            if (response.code() == 404 || response.code() == 405) {
                // not a refused credential: this way of logging in does not exist there
                throw new UnsupportedAuthenticationException("HTTP " + response.code() + " from "
                        + RealmPolicy.describe(realm) + " while " + action + ": the token server does not accept"
                        + " OAuth2 identity (refresh) tokens. Use a username and password (or access token) credential"
                        + " for this registry instead.");
            }
            return read(response, credential, action, repository);
        } finally {
            SegmentScrubber.scrubThisThread();
        }
    }

    private static SecretFormBody.Builder common(SecretFormBody.Builder form, Challenge challenge,
                                                 Collection<String> scopes) {
        if (challenge.service() != null) {
            form.add("service", challenge.service());
        }
        if (!scopes.isEmpty()) {
            form.add("scope", String.join(" ", scopes));
        }
        return form.add("client_id", CLIENT_ID);
    }

    private static SecretFormBody passwordForm(Credential.UsernamePassword up, Challenge challenge,
                                               Collection<String> scopes) {
        SecretFormBody.Builder form = SecretFormBody.builder()
                .add("grant_type", "password")
                .add("username", up.username())
                .addSecret("password", up.password());
        return common(form, challenge, scopes).build();
    }

    private static SecretFormBody refreshTokenForm(SecretValue refreshToken, Challenge challenge,
                                                   Collection<String> scopes) {
        SecretFormBody.Builder form = SecretFormBody.builder()
                .add("grant_type", "refresh_token")
                .addSecret("refresh_token", refreshToken);
        return common(form, challenge, scopes).build();
    }

    BearerToken read(Response response, Credential credential, String action, String repository)
            throws IOException, RegistryException {
        if (!response.isSuccessful()) {
            throw new ErrorResponses(json).toException(response, action, repository, credential, false);
        }
        Instant received = clock.instant();
        JsonNode body = readBounded(response.body(), action);
        String token = text(body, "token");
        if (token == null) {
            token = text(body, "access_token");
        }
        if (token == null) {
            throw notAToken(action, "a JSON object without a token");
        }
        if (!isHeaderSafe(token)) {
            throw notAToken(action, "a token holding spaces, control or non-ASCII characters, which cannot be sent"
                    + " in an Authorization header");
        }
        Duration lifetime = lifetime(body.get("expires_in"));
        Instant expiresAt = received.plus(lifetime);
        Instant issuedAt = issuedAt(text(body, "issued_at"));
        if (issuedAt != null && issuedAt.isAfter(received.minus(MAX_LIFETIME))
                && issuedAt.plus(lifetime).isBefore(expiresAt)) {
            expiresAt = issuedAt.plus(lifetime); // issued earlier than received: trust the earlier expiry
        }
        String refresh = text(body, "refresh_token");
        return new BearerToken(SecretValue.ofString(token), received, expiresAt,
                refresh == null ? null : SecretValue.ofString(refresh));
    }

    /**
     * {@code expires_in} in seconds, clamped to [1 s, {@link #MAX_LIFETIME}]: a server that says 1e30 or
     * 2^63-1 gets a day (the token is renewed on a 401 anyway). Absent or unreadable: the spec's 60 s.
     */
    static Duration lifetime(JsonNode expiresIn) {
        if (expiresIn == null || !expiresIn.isNumber()) {
            return BearerToken.DEFAULT_LIFETIME;
        }
        double seconds = expiresIn.asDouble();
        if (!(seconds > 0)) {
            return BearerToken.DEFAULT_LIFETIME;
        }
        return seconds >= MAX_LIFETIME.toSeconds() ? MAX_LIFETIME : Duration.ofSeconds(Math.max(1, (long) seconds));
    }

    /** RFC 7230 field-value characters OkHttp accepts in a header, minus the space: visible ASCII only. */
    private static boolean isHeaderSafe(String token) {
        return token.chars().allMatch(c -> c > 0x20 && c < 0x7f);
    }

    private static InvalidRegistryAnswerException notAToken(String action, String what) {
        return new InvalidRegistryAnswerException("The token server answered with something that is not a token ("
                + what + ") while " + action + ". It is misconfigured, or the realm the registry named is not a"
                + " registry token server; retrying will not help.");
    }

    private JsonNode readBounded(ResponseBody body, String action) throws IOException, RegistryException {
        if (body == null) {
            throw notAToken(action, "an empty answer");
        }
        if (body.contentLength() > MAX_TOKEN_BODY) {
            throw notAToken(action, "an answer of " + body.contentLength() + " bytes, over the "
                    + MAX_TOKEN_BODY / 1024 + " KiB accepted");
        }
        BufferedSource source = body.source();
        Buffer buffer = new Buffer();
        try {
            while (source.read(buffer, 8192) != -1) {
                if (buffer.size() > MAX_TOKEN_BODY) {
                    throw notAToken(action, "an answer of more than " + MAX_TOKEN_BODY / 1024 + " KiB");
                }
            }
            byte[] bytes = buffer.readByteArray();
            try {
                JsonNode node = json.read(bytes);
                if (node == null || !node.isObject()) {
                    throw notAToken(action, "an answer that is not a JSON object");
                }
                return node;
            } catch (IOException e) {
                // Jackson's parse errors, and the CharConversionException of bytes it took for UTF-32: the bytes
                // are all here, so this is the answer's fault, not the network's
                throw notAToken(action, "an answer that is not JSON");
            } finally {
                java.util.Arrays.fill(bytes, (byte) 0);
            }
        } finally {
            buffer.clear();
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
