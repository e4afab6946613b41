package io.jenkins.registrypull.cloud.azure;

import io.jenkins.registrypull.cloud.CloudHttpClient;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.registrypull.cloud.EndpointOverride;
import io.jenkins.registrypull.cloud.OAuthErrors;
import io.jenkins.registrypull.credential.SecretValue;
import io.jenkins.registrypull.error.InvalidInputException;
import io.jenkins.registrypull.error.RegistryConnectionException;
import io.jenkins.registrypull.error.RegistryException;
import io.jenkins.registrypull.error.UnauthorizedException;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;

import java.io.IOException;
import java.net.Proxy;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The agent's managed identity: the App Service / Container Apps / Arc endpoint when {@code IDENTITY_ENDPOINT} and
 * {@code IDENTITY_HEADER} are set (API 2019-08-01), else the VM's instance metadata service (IMDS, API 2018-02-01).
 * A small client rather than MSAL's {@code ManagedIdentityApplication}, which reads those variables from the process
 * environment, while the engine takes them from its caller.
 */
final class ManagedIdentitySource implements EntraTokenSource {

    static final String IMDS = "http://169.254.169.254/metadata/identity/oauth2/token";

    private final HttpUrl url;
    private final String headerName;
    private final SecretValue headerValue;
    private final String clientId;
    private final OkHttpClient http;

    private ManagedIdentitySource(HttpUrl url, String headerName, SecretValue headerValue, String clientId,
            OkHttpClient http) {
        this.url = url;
        this.headerName = headerName;
        this.headerValue = headerValue;
        this.clientId = clientId;
        this.http = http;
    }

    static ManagedIdentitySource fromEnvironment(String clientId, Map<String, String> env, OkHttpClient base)
            throws InvalidInputException {
        // the identity endpoint is on the machine: never through a proxy
        OkHttpClient http = base.newBuilder().proxy(Proxy.NO_PROXY).build();
        String endpoint = env.get("IDENTITY_ENDPOINT");
        String header = env.get("IDENTITY_HEADER");
        if (endpoint != null && !endpoint.isBlank() && header != null && !header.isBlank()) {
            HttpUrl url = HttpUrl.get(EndpointOverride.check("IDENTITY_ENDPOINT", endpoint).toString()).newBuilder()
                    .addQueryParameter("api-version", "2019-08-01")
                    .addQueryParameter("resource", AzureMinters.RESOURCE)
                    .build();
            if (clientId != null) {
                url = url.newBuilder().addQueryParameter("client_id", clientId).build();
            }
            return new ManagedIdentitySource(url, "X-IDENTITY-HEADER", SecretValue.ofString(header), clientId, http);
        }
        HttpUrl url = HttpUrl.get(IMDS).newBuilder().addQueryParameter("api-version", "2018-02-01")
                .addQueryParameter("resource", AzureMinters.RESOURCE).build();
        if (clientId != null) {
            url = url.newBuilder().addQueryParameter("client_id", clientId).build();
        }
        return new ManagedIdentitySource(url, "Metadata", SecretValue.ofString("true"), clientId, http);
    }

    @Override
    public EntraToken token() throws RegistryException {
        Request request = new Request.Builder().url(url).header(headerName, headerValue.reveal()).build();
        try (Response response = http.newCall(request).execute(); ResponseBody body = response.body()) {
            String text = CloudHttpClient.readAnswer(body);
            if (!response.isSuccessful()) {
                throw new UnauthorizedException("the agent's managed identity endpoint refused a token ("
                        + OAuthErrors.describe(response.code(), text) + "). Assign a managed identity to the VM,"
                        + " scale set or app the agent runs on" + (clientId == null ? "" : " (client id " + clientId
                        + ")") + " and give it the AcrPull role on the registry", response.code(), List.of());
            }
            JsonNode node = new ObjectMapper().readTree(text);
            JsonNode token = node == null ? null : node.get("access_token");
            JsonNode expiresOn = node == null ? null : node.get("expires_on");
            if (token == null || !token.isTextual() || expiresOn == null || !expiresOn.asText().matches("[0-9]{1,12}")) {
                throw new RegistryConnectionException("the agent's managed identity endpoint answered without"
                        + " access_token and expires_on", null);
            }
            return new EntraToken(SecretValue.ofString(token.asText()),
                    Instant.ofEpochSecond(Long.parseLong(expiresOn.asText())));
        } catch (IOException e) {
            throw new RegistryConnectionException("cannot reach the agent's managed identity endpoint at "
                    + url.host() + ":" + url.port() + " (" + e.getClass().getSimpleName() + "); agent identity"
                    + " works only on Azure (a VM, a scale set, App Service, Container Apps, or Arc)", null);
        }
    }

    @Override
    public String describe() {
        return "the agent's managed identity" + (clientId == null ? "" : " " + clientId);
    }

    @Override
    public String tenantId() {
        return null;
    }

    @Override
    public void close() {
        headerValue.close();
    }
}
