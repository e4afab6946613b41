package io.jenkins.registrypull.cloud.azure;

import io.jenkins.registrypull.credential.SecretValue;

import java.time.Instant;

/** A Microsoft Entra access token for Azure Container Registry, and when it expires. */
record EntraToken(SecretValue accessToken, Instant expiresAt) implements AutoCloseable {
    @Override
    public void close() {
        accessToken.close();
    }
}
