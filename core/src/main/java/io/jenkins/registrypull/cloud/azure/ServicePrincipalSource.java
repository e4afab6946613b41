package io.jenkins.registrypull.cloud.azure;

import com.microsoft.aad.msal4j.ClientCredentialFactory;
import com.microsoft.aad.msal4j.ClientCredentialParameters;
import com.microsoft.aad.msal4j.ConfidentialClientApplication;
import com.microsoft.aad.msal4j.IAuthenticationResult;
import com.microsoft.aad.msal4j.IClientCredential;
import com.microsoft.aad.msal4j.MsalServiceException;
import io.jenkins.registrypull.cloud.OAuthErrors;
import io.jenkins.registrypull.credential.SecretValue;
import io.jenkins.registrypull.error.RegistryConnectionException;
import io.jenkins.registrypull.error.RegistryException;
import io.jenkins.registrypull.error.UnauthorizedException;
import okhttp3.OkHttpClient;

import java.net.MalformedURLException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;

/**
 * An Entra token of a service principal by the client-credentials grant, through MSAL4J: the client secret, or a
 * JWT assertion MSAL signs with the certificate's private key.
 */
final class ServicePrincipalSource implements EntraTokenSource {

    private final String tenantId;
    private final String clientId;
    private final ClientSecretOrCertificate credential;
    private final AuthorityHost authority;
    private final OkHttpClient http;

    /** The secret part: made into MSAL's credential only for the time of one request. */
    interface ClientSecretOrCertificate extends AutoCloseable {
        IClientCredential toMsal() throws RegistryException;

        String kind();

        @Override
        void close();
    }

    ServicePrincipalSource(String tenantId, String clientId, ClientSecretOrCertificate credential,
            AuthorityHost authority, OkHttpClient http) {
        this.tenantId = tenantId;
        this.clientId = clientId;
        this.credential = credential;
        this.authority = authority;
        this.http = http;
    }

    static ClientSecretOrCertificate secret(SecretValue secret) {
        return new ClientSecretOrCertificate() {
            @Override
            public IClientCredential toMsal() {
                return ClientCredentialFactory.createFromSecret(secret.reveal());
            }

            @Override
            public String kind() {
                return "client secret";
            }

            @Override
            public void close() {
                secret.close();
            }
        };
    }

    @Override
    public EntraToken token() throws RegistryException {
        IAuthenticationResult result;
        try {
            ConfidentialClientApplication app = ConfidentialClientApplication.builder(clientId, credential.toMsal())
                    .authority(authority.authorityFor(tenantId))
                    .instanceDiscovery(authority.isMicrosoftCloud())
                    .httpClient(new OkHttpForMsal(http))
                    .build();
            result = app.acquireToken(ClientCredentialParameters.builder(Set.of(AzureMinters.SCOPE)).build()).get();
        } catch (MalformedURLException e) {
            throw new RegistryConnectionException("the Entra authority for tenant " + tenantId + " is not a URL", null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RegistryConnectionException("interrupted while asking Microsoft Entra ID for a token", null);
        } catch (ExecutionException e) {
            throw failure(e.getCause());
        } catch (RuntimeException e) {
            throw failure(e);
        }
        return new EntraToken(SecretValue.ofString(result.accessToken()), result.expiresOnDate().toInstant());
    }

    private RegistryException failure(Throwable cause) {
        if (cause instanceof MsalServiceException refused) {
            String error = refused.errorCode() + ": " + OAuthErrors.firstLine(refused.getMessage());
            return new UnauthorizedException("Microsoft Entra ID refused the " + credential.kind() + " of "
                    + describe() + " (" + error + "). Check the tenant and client ids, that the "
                    + credential.kind() + " has not expired (Entra ID > App registrations > Certificates & secrets),"
                    + " and that the service principal has the AcrPull role on the registry",
                    refused.statusCode() == null ? 401 : refused.statusCode(), List.of());
        }
        return new RegistryConnectionException("cannot get a token from Microsoft Entra ID at " + authority.host()
                + " for " + describe() + " (" + innermost(cause) + "); check the agent's network and proxy"
                + " settings, and AZURE_AUTHORITY_HOST", null);
    }

    // MSAL wraps the network failure (ConnectException, UnknownHostException, SSLHandshakeException): name that one
    private static String innermost(Throwable cause) {
        Throwable t = cause;
        while (t != null && t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t == null ? "no cause given" : t.getClass().getSimpleName();
    }

    @Override
    public String describe() {
        return "service principal " + clientId + " in tenant " + tenantId;
    }

    @Override
    public String tenantId() {
        return tenantId;
    }

    @Override
    public void close() {
        credential.close();
    }
}
