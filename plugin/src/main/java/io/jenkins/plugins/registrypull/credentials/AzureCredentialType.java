package io.jenkins.plugins.registrypull.credentials;

import com.cloudbees.plugins.credentials.CredentialsMatcher;
import com.cloudbees.plugins.credentials.CredentialsMatchers;
import com.cloudbees.plugins.credentials.common.IdCredentials;
import com.microsoft.azure.util.AzureCredentials;
import edu.umd.cs.findbugs.annotations.CheckForNull;
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
    @NonNull
    @Override
    public CredentialsMatcher matcher() {
        return CredentialsMatchers.instanceOf(AzureCredentials.class);
    }

    @CheckForNull
    @Override
    public RegistryLogin resolve(@NonNull IdCredentials credentials, @NonNull String credentialsId, @NonNull String registry)
            throws AbortException {
        if (!(credentials instanceof AzureCredentials)) {
            return null;
        }
        if (Cloud.ofRegistry(registry) != Cloud.AZURE) {
            throw new AbortException(Messages.CloudLogin_WrongRegistry(credentialsId, "Azure Service Principal", registry,
                    Cloud.AZURE.registryName()));
        }
        AzureCredentials principal = (AzureCredentials) credentials;
        if (Util.fixEmptyAndTrim(principal.getCertificateId()) != null) {
            throw new AbortException(Messages.CloudLogin_AzureCertificateUnsupported(credentialsId));
        }
        String tenant = Util.fixEmptyAndTrim(principal.getTenant());
        String clientId = Util.fixEmptyAndTrim(principal.getClientId());
        if (tenant == null || clientId == null || principal.getPlainClientSecret().isEmpty()) {
            throw new AbortException(Messages.CloudLogin_AzureIncomplete(credentialsId));
        }
        return RegistryLogin.cloud(CloudLogin.azure(registry, tenant, Secret.fromString(clientId),
                principal.getClientSecret(), "credentials '" + credentialsId + "'"));
    }
}
