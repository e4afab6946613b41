package io.jenkins.registrypull.cloud.gcp;

import io.jenkins.registrypull.cloud.CloudHttpClient;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.registrypull.credential.Credential;
import io.jenkins.registrypull.credential.CredentialMinter;
import io.jenkins.registrypull.credential.MintedCredential;
import io.jenkins.registrypull.credential.SecretValue;
import io.jenkins.registrypull.error.RegistryConnectionException;
import io.jenkins.registrypull.error.RegistryException;
import io.jenkins.registrypull.error.UnauthorizedException;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;

import java.io.IOException;
import java.net.Proxy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Mints an access token of the agent's own service account from its metadata server. A small client rather than
 * the auth library's {@code ComputeEngineCredentials}, because the library reads {@code GCE_METADATA_HOST} from the
 * process environment, which the engine must take from its caller (an agent's environment, a test).
 */
final class MetadataServerMinter implements CredentialMinter {


    private final MetadataServer server;
    private final Clock clock;
    // the metadata server is link-local: never through a proxy, never redirected, answers at once
    private final OkHttpClient client = new OkHttpClient.Builder().proxy(Proxy.NO_PROXY).followRedirects(false)
            .followSslRedirects(false).callTimeout(Duration.ofSeconds(30)).build();

    MetadataServerMinter(MetadataServer server) {
        this(server, Clock.systemUTC());
    }

    MetadataServerMinter(MetadataServer server, Clock clock) {
        this.server = server;
        this.clock = clock;
    }

    @Override
    public MintedCredential mint() throws RegistryException {
        Request request = new Request.Builder().url(server.tokenUrl()).header("Metadata-Flavor", "Google").build();
        Instant asked = clock.instant();
        try (Response response = client.newCall(request).execute(); ResponseBody body = response.body()) {
            String text = CloudHttpClient.readAnswer(body);
            if (!"Google".equals(response.header("Metadata-Flavor"))) {
                throw new RegistryConnectionException("the server at " + server.hostPort() + " is not a Google"
                        + " metadata server (no Metadata-Flavor: Google in its answer); on Google Cloud leave "
                        + MetadataServer.ENV + " unset", null);
            }
            if (!response.isSuccessful()) {
                throw new UnauthorizedException("the agent's metadata server refused an access token (HTTP "
                        + response.code() + "). Attach a service account to the VM or the node pool (Workload"
                        + " Identity on GKE) and give it the Artifact Registry Reader role", response.code(), List.of());
            }
            JsonNode node = new ObjectMapper().readTree(text);
            JsonNode token = node == null ? null : node.get("access_token");
            JsonNode expiresIn = node == null ? null : node.get("expires_in");
            if (token == null || !token.isTextual() || expiresIn == null || !expiresIn.canConvertToLong()) {
                throw new RegistryConnectionException("the agent's metadata server answered without access_token"
                        + " and expires_in", null);
            }
            return new MintedCredential(Credential.usernamePassword(GoogleMinters.USERNAME,
                    SecretValue.ofString(token.asText())), asked.plusSeconds(expiresIn.asLong()));
        } catch (IOException e) {
            throw new RegistryConnectionException("cannot reach the agent's metadata server at " + server.hostPort()
                    + " (" + e.getClass().getSimpleName() + "); agent identity works only on Google Cloud (or with "
                    + MetadataServer.ENV + " set)", null);
        }
    }

    @Override
    public String describe() {
        return "Google access token of the agent's service account (metadata server " + server.hostPort() + ")";
    }
}
