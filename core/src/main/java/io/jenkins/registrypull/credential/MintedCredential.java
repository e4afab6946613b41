package io.jenkins.registrypull.credential;

import java.time.Instant;
import java.util.Objects;

/**
 * A registry credential a {@link CredentialMinter} made (for example an Amazon ECR authorization token), and the
 * moment the issuer says it stops working.
 *
 * @param credential username and password or identity token; never anonymous, never {@link Credential.Renewing}
 */
public record MintedCredential(Credential credential, Instant expiresAt) {
    public MintedCredential {
        Objects.requireNonNull(credential, "credential");
        Objects.requireNonNull(expiresAt, "expiresAt");
        if (credential instanceof Credential.Anonymous || credential instanceof Credential.Renewing) {
            throw new IllegalArgumentException("a minted credential is a username and password or an identity token");
        }
    }
}
