package io.jenkins.registrypull.credential;

import io.jenkins.registrypull.error.RegistryException;

/**
 * Makes a short-lived registry credential from a longer-lived identity (cloud keys, a role, the agent's own
 * identity). {@link Credential.Renewing} calls it when the last credential is near its expiry, or was refused.
 */
public interface CredentialMinter extends AutoCloseable {

    /**
     * A fresh credential. Called by one thread at a time; may call the network.
     *
     * @throws RegistryException naming what the issuer refused and what to do, never holding a secret
     */
    MintedCredential mint() throws RegistryException;

    /**
     * Secret-free description for logs and messages, e.g.
     * {@code Amazon ECR token for account 123456789012 in eu-west-1}.
     */
    String describe();

    /** Wipes the secrets the minter holds (keys, a client secret). {@link Credential.Renewing#close()} calls it. */
    @Override
    default void close() {
    }
}
