package io.jenkins.registrypull.cloud.azure;

import io.jenkins.registrypull.cloud.CloudHttpClient;
import io.jenkins.registrypull.credential.CredentialMinter;
import io.jenkins.registrypull.error.InvalidInputException;
import okhttp3.OkHttpClient;

import java.util.Locale;
import java.util.Map;

/** Builds the minter of Azure Container Registry credentials for one registry and identity. */
public final class AzureMinters {

    /** The user name docker stores with an ACR refresh token. */
    public static final String USERNAME = "00000000-0000-0000-0000-000000000000";
    /** The Entra scope of Azure Container Registry (its data plane, for every registry). */
    public static final String SCOPE = "https://containerregistry.azure.net/.default";
    /** The same, as the resource managed identity endpoints ask for. */
    public static final String RESOURCE = "https://containerregistry.azure.net";

    private AzureMinters() {
    }

    /** True for Azure Container Registry's own hosts, {@code *.azurecr.io} (and the sovereign clouds'). */
    public static boolean isAzureRegistry(String host) {
        String name = host.toLowerCase(Locale.ROOT).replaceFirst(":[0-9]+$", "");
        return name.endsWith(".azurecr.io") || name.endsWith(".azurecr.cn") || name.endsWith(".azurecr.us");
    }

    /**
     * The minter for {@code registry} (host[:port]) and {@code identity}; inputs are checked here, before any
     * network call.
     *
     * @param env              the agent's environment (AZURE_AUTHORITY_HOST, IDENTITY_ENDPOINT, IDENTITY_HEADER)
     * @param caCertificatePem extra CA certificates the user gave for the registry, also trusted for Entra, or null
     */
    public static CredentialMinter forRegistry(String registry, AzureIdentity identity, Map<String, String> env,
            String caCertificatePem) throws InvalidInputException {
        OkHttpClient http = CloudHttpClient.create(caCertificatePem);
        EntraTokenSource source;
        if (identity instanceof AzureIdentity.ManagedIdentity managed) {
            source = ManagedIdentitySource.fromEnvironment(clientIdOrNull(managed.clientId()), env, http);
        } else if (identity instanceof AzureIdentity.ClientSecret sp) {
            checkIds(sp.tenantId(), sp.clientId());
            if (sp.secret().isEmpty()) {
                throw new InvalidInputException("client secret", "is empty; give the secret's value (not its id)");
            }
            source = new ServicePrincipalSource(sp.tenantId(), sp.clientId(),
                    ServicePrincipalSource.secret(sp.secret()), AuthorityHost.fromEnvironment(env), http);
        } else {
            AzureIdentity.ClientCertificate sp = (AzureIdentity.ClientCertificate) identity;
            checkIds(sp.tenantId(), sp.clientId());
            source = new ServicePrincipalSource(sp.tenantId(), sp.clientId(),
                    ClientCertificatePem.parse(sp.certificatePem()), AuthorityHost.fromEnvironment(env), http);
        }
        return new AcrMinter(registry, source, new AcrExchange(registry, http));
    }

    private static void checkIds(String tenantId, String clientId) throws InvalidInputException {
        if (tenantId == null || !tenantId.matches("[A-Za-z0-9][A-Za-z0-9.\\-]{0,99}")) {
            throw new InvalidInputException("tenant id", "must be the directory (tenant) id, a GUID, or its domain"
                    + " name such as contoso.onmicrosoft.com");
        }
        if (clientId == null || !clientId.matches("[A-Za-z0-9\\-]{1,100}")) {
            throw new InvalidInputException("client id", "must be the application (client) id of the service"
                    + " principal, a GUID");
        }
    }

    private static String clientIdOrNull(String clientId) throws InvalidInputException {
        if (clientId == null || clientId.isBlank()) {
            return null;
        }
        if (!clientId.matches("[A-Za-z0-9\\-]{1,100}")) {
            throw new InvalidInputException("client id", "must be the client id of a user-assigned managed identity,"
                    + " a GUID");
        }
        return clientId;
    }
}
