package io.jenkins.registrypull.cloud.azure;

import io.jenkins.registrypull.credential.Credential;
import io.jenkins.registrypull.credential.CredentialMinter;
import io.jenkins.registrypull.credential.MintedCredential;
import io.jenkins.registrypull.error.RegistryException;

/**
 * Mints Azure Container Registry credentials: an Entra token, exchanged for a registry refresh token, presented
 * as the identity token (docker's user {@code 00000000-0000-0000-0000-000000000000}).
 */
final class AcrMinter implements CredentialMinter {

    private final String registry;
    private final EntraTokenSource entra;
    private final AcrExchange exchange;

    AcrMinter(String registry, EntraTokenSource entra, AcrExchange exchange) {
        this.registry = registry;
        this.entra = entra;
        this.exchange = exchange;
    }

    @Override
    public MintedCredential mint() throws RegistryException {
        try (EntraToken token = entra.token()) {
            AcrExchange.RefreshToken refresh = exchange.exchange(token, entra.tenantId());
            return new MintedCredential(Credential.identityToken(refresh.token()), refresh.expiresAt());
        }
    }

    @Override
    public String describe() {
        return "Azure Container Registry token for " + registry + " (" + entra.describe() + ")";
    }

    @Override
    public void close() {
        entra.close();
    }
}
