package io.jenkins.plugins.registrypull.credentials;

import com.cloudbees.plugins.credentials.common.IdCredentials;
import com.microsoft.azure.util.AzureCredentials;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.AbortException;
import hudson.Util;
import hudson.util.Secret;
import io.jenkins.plugins.registrypull.Messages;
import org.jenkinsci.plugins.variant.OptionalExtension;

/**
 * "Azure Service Principal" of the azure-credentials plugin, for Azure Container Registry: its tenant, client id and
 * client secret travel to the agent, which takes the Entra token and exchanges it for an ACR refresh token.
 */
@OptionalExtension(requirePlugins = "azure-credentials")
public final class AzureCredentialType extends CloudCredentialType {
    public AzureCredentialType() {
        super(Cloud.AZURE, "Azure Service Principal");
    }

    @NonNull
    @Override
    protected Class<? extends IdCredentials> type() {
        return AzureCredentials.class;
    }

    @NonNull
    @Override
    protected RegistryLogin login(@NonNull IdCredentials credentials, @NonNull String credentialsId, @NonNull String registry)
            throws AbortException {
        AzureCredentials principal = (AzureCredentials) credentials;
        if (Util.fixEmptyAndTrim(principal.getCertificateId()) != null) {
            throw new UnusableCredentialsException(Messages.CloudLogin_AzureCertificateUnsupported(credentialsId));
        }
        String tenant = Util.fixEmptyAndTrim(principal.getTenant());
        String clientId = Util.fixEmptyAndTrim(principal.getClientId());
        if (tenant == null || clientId == null || principal.getPlainClientSecret().isEmpty()) {
            throw new UnusableCredentialsException(Messages.CloudLogin_AzureIncomplete(credentialsId));
        }
        return RegistryLogin.cloud(CloudLogin.azure(registry, tenant, Secret.fromString(clientId),
                principal.getClientSecret(), "credentials '" + credentialsId + "'"));
    }
}
