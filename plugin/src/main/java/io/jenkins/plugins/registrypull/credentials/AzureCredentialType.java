package io.jenkins.plugins.registrypull.credentials;

import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.common.IdCredentials;
import com.cloudbees.plugins.credentials.common.StandardCertificateCredentials;
import com.microsoft.azure.util.AzureCredentials;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.AbortException;
import hudson.Util;
import hudson.model.Run;
import hudson.util.Secret;
import io.jenkins.plugins.registrypull.Messages;
import org.jenkinsci.plugins.variant.OptionalExtension;

/**
 * "Azure Service Principal" of the azure-credentials plugin, for Azure Container Registry: its tenant, client id and
 * client secret, or (without a secret) the certificate credential its {@code certificateId} names as PEM, travel to
 * the agent, which takes the Entra token and exchanges it for an ACR refresh token.
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
    protected RegistryLogin login(@NonNull IdCredentials credentials, @NonNull String credentialsId, @NonNull String registry,
            @NonNull Run<?, ?> run)
            throws AbortException {
        AzureCredentials principal = (AzureCredentials) credentials;
        String tenant = Util.fixEmptyAndTrim(principal.getTenant());
        String clientId = Util.fixEmptyAndTrim(principal.getClientId());
        String certificateId = Util.fixEmptyAndTrim(principal.getCertificateId());
        boolean hasSecret = !principal.getPlainClientSecret().isEmpty();
        if (tenant == null || clientId == null || (!hasSecret && certificateId == null)) {
            throw new UnusableCredentialsException(Messages.CloudLogin_AzureIncomplete(credentialsId));
        }
        String source = "credentials '" + credentialsId + "'";
        // as the azure-credentials plugin does: a client secret, when there is one, wins over the certificate
        if (hasSecret) {
            return RegistryLogin.cloud(CloudLogin.azure(registry, tenant, Secret.fromString(clientId),
                    principal.getClientSecret(), source));
        }
        StandardCertificateCredentials certificate = CredentialsProvider.findCredentialById(certificateId,
                StandardCertificateCredentials.class, run);
        if (certificate == null) {
            throw new UnusableCredentialsException(Messages.CloudLogin_AzureCertificateNotFound(credentialsId, certificateId));
        }
        Secret pem = AzureCertificatePem.of(certificate, credentialsId, certificateId);
        CredentialsProvider.track(run, certificate);
        return RegistryLogin.cloud(CloudLogin.azureCertificate(registry, tenant, Secret.fromString(clientId), pem,
                source + " (certificate '" + certificateId + "')"));
    }
}
