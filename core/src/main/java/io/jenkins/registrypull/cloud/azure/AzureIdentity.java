package io.jenkins.registrypull.cloud.azure;

import io.jenkins.registrypull.credential.SecretValue;

import java.util.Objects;

/** Who asks Microsoft Entra ID for a token for Azure Container Registry. */
public sealed interface AzureIdentity extends AutoCloseable
        permits AzureIdentity.ClientSecret, AzureIdentity.ClientCertificate, AzureIdentity.ManagedIdentity {

    /** A service principal (app registration) with a client secret. */
    static ClientSecret clientSecret(String tenantId, String clientId, SecretValue secret) {
        return new ClientSecret(tenantId, clientId, secret);
    }

    /**
     * A service principal with a certificate: PEM text holding the certificate and its unencrypted PKCS#8 private
     * key (the file {@code AZURE_CLIENT_CERTIFICATE_PATH} names for the Azure SDKs).
     */
    static ClientCertificate clientCertificate(String tenantId, String clientId, SecretValue certificatePem) {
        return new ClientCertificate(tenantId, clientId, certificatePem);
    }

    /** The agent's managed identity (opt-in); {@code clientId} picks a user-assigned one, null the system one. */
    static ManagedIdentity managedIdentity(String clientId) {
        return new ManagedIdentity(clientId);
    }

    @Override
    void close();

    record ClientSecret(String tenantId, String clientId, SecretValue secret) implements AzureIdentity {
        public ClientSecret {
            Objects.requireNonNull(tenantId, "tenantId");
            Objects.requireNonNull(clientId, "clientId");
            Objects.requireNonNull(secret, "secret");
        }

        @Override
        public void close() {
            secret.close();
        }
    }

    record ClientCertificate(String tenantId, String clientId, SecretValue certificatePem) implements AzureIdentity {
        public ClientCertificate {
            Objects.requireNonNull(tenantId, "tenantId");
            Objects.requireNonNull(clientId, "clientId");
            Objects.requireNonNull(certificatePem, "certificatePem");
        }

        @Override
        public void close() {
            certificatePem.close();
        }
    }

    record ManagedIdentity(String clientId) implements AzureIdentity {
        @Override
        public void close() {
        }
    }
}
