package io.jenkins.registrypull.cloud.azure;

import io.jenkins.registrypull.cloud.CloudHttpClient;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.registrypull.cloud.OAuthErrors;
import io.jenkins.registrypull.credential.SecretValue;
import io.jenkins.registrypull.error.RegistryConnectionException;
import io.jenkins.registrypull.error.RegistryException;
import io.jenkins.registrypull.error.UnauthorizedException;
import okhttp3.FormBody;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

/**
 * Azure Container Registry's exchange: {@code POST https://<registry>/oauth2/exchange} with
 * {@code grant_type=access_token}, which trades an Entra token for a registry refresh token (what
 * {@code az acr login} stores as the identity token).
 */
final class AcrExchange {

    /** ACR refresh tokens live three hours; used only when the token does not say its expiry. */
    static final Duration DEFAULT_LIFETIME = Duration.ofHours(3);

    private final String registry;
    private final OkHttpClient http;

    /** @param registry host[:port] of the registry, which also serves the exchange */
    AcrExchange(String registry, OkHttpClient http) {
        this.registry = registry;
        this.http = http;
    }

    record RefreshToken(SecretValue token, Instant expiresAt) {
    }

    RefreshToken exchange(EntraToken entra, String tenantId) throws RegistryException {
        FormBody.Builder form = new FormBody.Builder().add("grant_type", "access_token").add("service", registry);
        if (tenantId != null) {
            form.add("tenant", tenantId);
        }
        form.add("access_token", entra.accessToken().reveal());
        Request request = new Request.Builder().url("https://" + registry + "/oauth2/exchange").post(form.build())
                .build();
        try (Response response = http.newCall(request).execute(); ResponseBody body = response.body()) {
            String text = CloudHttpClient.readAnswer(body);
            if (!response.isSuccessful()) {
                throw new UnauthorizedException("Azure Container Registry " + registry + " refused to exchange the"
                        + " Entra token (" + OAuthErrors.describe(response.code(), text) + "). Give the identity the"
                        + " AcrPull role on this registry (az role assignment create --role AcrPull --scope <registry"
                        + " id>) and check that the registry name is right", response.code(), List.of());
            }
            JsonNode node = new ObjectMapper().readTree(text);
            JsonNode token = node == null ? null : node.get("refresh_token");
            if (token == null || !token.isTextual() || token.asText().isBlank()) {
                throw new RegistryConnectionException("Azure Container Registry " + registry + " answered the"
                        + " exchange without a refresh_token", null);
            }
            return new RefreshToken(SecretValue.ofString(token.asText()), expiry(token.asText()));
        } catch (IOException e) {
            throw new RegistryConnectionException("cannot reach Azure Container Registry " + registry
                    + " for the token exchange (" + e.getClass().getSimpleName() + ")", null);
        }
    }

    /** The {@code exp} of a JWT refresh token (read, not verified: only the registry can verify it). */
    static Instant expiry(String token) {
        String[] parts = token.split("\\.");
        if (parts.length == 3) {
            try {
                JsonNode claims = new ObjectMapper().readTree(new String(Base64.getUrlDecoder().decode(parts[1]),
                        StandardCharsets.UTF_8));
                JsonNode exp = claims == null ? null : claims.get("exp");
                if (exp != null && exp.canConvertToLong()) {
                    return Instant.ofEpochSecond(exp.asLong());
                }
            } catch (IOException | IllegalArgumentException e) {
                // not a readable JWT: fall back to ACR's documented lifetime
            }
        }
        return Instant.now().plus(DEFAULT_LIFETIME);
    }
}
