package io.jenkins.registrypull.testkit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPublicKey;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Google's OAuth2 token endpoint for service-account keys, on 127.0.0.1 over plain HTTP, as the JWT-bearer grant
 * (RFC 7523) is answered by {@code oauth2.googleapis.com/token}.
 *
 * <p>It makes the service account's key pair itself and hands out the JSON key file ({@link #keyJson()}) whose
 * {@code token_uri} points here. A request is answered with an access token only when its assertion is an RS256
 * JWT whose signature verifies with the key's public half, issued by the key's {@code client_email}, for Google's
 * token endpoint as {@code aud}, with the cloud-platform scope, not expired and valid for at most one hour, as Google
 * checks. Otherwise it answers {@code 400 invalid_grant} with Google's wording. Each issued token is passed to the
 * listener, so a test can make the registry accept exactly that token.
 */
public final class FakeGoogleTokenEndpoint implements AutoCloseable {

    public static final String PATH = "/token";
    public static final String GRANT_TYPE = "urn:ietf:params:oauth:grant-type:jwt-bearer";
    public static final String SCOPE = "https://www.googleapis.com/auth/cloud-platform";
    /** The audience Google requires in the assertion: its token endpoint's public URL, wherever the request goes. */
    public static final String AUDIENCE = "https://oauth2.googleapis.com/token";

    private final String clientEmail;
    private final KeyPair keyPair;
    private final Clock clock;
    private final AtomicReference<Duration> lifetime = new AtomicReference<>(Duration.ofSeconds(3599));
    private final Consumer<String> onIssued;
    private final List<String> issued = new CopyOnWriteArrayList<>();
    private final List<String> refusals = new CopyOnWriteArrayList<>();
    private final HttpServer server;

    private FakeGoogleTokenEndpoint(String clientEmail, Clock clock, Consumer<String> onIssued) {
        this.clientEmail = clientEmail;
        this.keyPair = rsaKeyPair();
        this.clock = clock;
        this.onIssued = onIssued;
        this.server = FakeHttp.start("google-token", this::handle);
    }

    /** An endpoint for the service account {@code ci-puller@test-project.iam.gserviceaccount.com}. */
    public static FakeGoogleTokenEndpoint start(Consumer<String> onIssued) {
        return new FakeGoogleTokenEndpoint("ci-puller@test-project.iam.gserviceaccount.com", Clock.systemUTC(),
                onIssued);
    }

    public String tokenUri() {
        return FakeHttp.baseUrl(server) + PATH;
    }

    public String clientEmail() {
        return clientEmail;
    }

    /** The service account's JSON key file, as Google's IAM console downloads it. */
    public String keyJson() {
        return keyJson(keyPair, "0123456789abcdef0123456789abcdef01234567");
    }

    /** A well-formed key file for the same account whose private key Google does not know (a deleted key). */
    public String unknownKeyJson() {
        return keyJson(rsaKeyPair(), "fedcba9876543210fedcba9876543210fedcba98");
    }

    /** How long the next tokens live ({@code expires_in}). */
    public FakeGoogleTokenEndpoint lifetime(Duration value) {
        lifetime.set(value);
        return this;
    }

    /** Every access token issued so far, oldest first. */
    public List<String> issuedTokens() {
        return List.copyOf(issued);
    }

    /** Why each refused request was refused (the error_description sent). */
    public List<String> refusals() {
        return List.copyOf(refusals);
    }

    private String keyJson(KeyPair pair, String keyId) {
        ObjectNode key = new ObjectMapper().createObjectNode();
        key.put("type", "service_account");
        key.put("project_id", "test-project");
        key.put("private_key_id", keyId);
        key.put("private_key", "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                        .encodeToString(pair.getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n");
        key.put("client_email", clientEmail);
        key.put("client_id", "100000000000000000001");
        key.put("auth_uri", "https://accounts.google.com/o/oauth2/auth");
        key.put("token_uri", tokenUri());
        return key.toPrettyString();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!PATH.equals(exchange.getRequestURI().getPath()) || !"POST".equals(exchange.getRequestMethod())) {
                FakeHttp.send(exchange, 404, FakeHttp.oauthError("not_found", "no such endpoint"));
                return;
            }
            Map<String, String> form = FakeHttp.readForm(exchange);
            String refusal = refusal(form);
            if (refusal != null) {
                refusals.add(refusal);
                FakeHttp.send(exchange, 400, FakeHttp.oauthError(refusal.startsWith("Invalid grant_type")
                        ? "unsupported_grant_type" : "invalid_grant", refusal));
                return;
            }
            String token = "ya29.fake-" + RandomStrings.alphanumeric(40);
            issued.add(token);
            onIssued.accept(token);
            FakeHttp.sendAccessToken(exchange, token, lifetime.get());
        }
    }

    private String refusal(Map<String, String> form) {
        if (!GRANT_TYPE.equals(form.get("grant_type"))) {
            return "Invalid grant_type: " + form.get("grant_type");
        }
        SignedJWT jwt;
        JWTClaimsSet claims;
        try {
            jwt = SignedJWT.parse(form.getOrDefault("assertion", ""));
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            return "Invalid JWT: Token must be a short-lived token and in a reasonable timeframe";
        }
        if (!JWSAlgorithm.RS256.equals(jwt.getHeader().getAlgorithm())) {
            return "Invalid JWT Signature.";
        }
        try {
            if (!jwt.verify(new RSASSAVerifier((RSAPublicKey) keyPair.getPublic()))) {
                return "Invalid JWT Signature.";
            }
        } catch (JOSEException e) {
            return "Invalid JWT Signature.";
        }
        if (!clientEmail.equals(claims.getIssuer())) {
            return "Invalid JWT: iss is not a known service account";
        }
        if (claims.getAudience() == null || !claims.getAudience().contains(AUDIENCE)) {
            return "Invalid JWT: Failed audience check.";
        }
        Object scope = claims.getClaim("scope");
        if (!(scope instanceof String s) || !List.of(s.split(" ")).contains(SCOPE)) {
            return "Invalid JWT: scope must include " + SCOPE;
        }
        Instant now = clock.instant();
        Date iat = claims.getIssueTime();
        Date exp = claims.getExpirationTime();
        if (iat == null || exp == null || exp.toInstant().isBefore(now)
                || iat.toInstant().isAfter(now.plusSeconds(300))
                || Duration.between(iat.toInstant(), exp.toInstant()).compareTo(Duration.ofHours(1)) > 0) {
            return "Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable timeframe."
                    + " Check your iat and exp values in the JWT claim.";
        }
        return null;
    }

    private static KeyPair rsaKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        FakeHttp.stop(server);
    }
}
