package io.jenkins.registrypull.credhelper;

import io.jenkins.registrypull.credential.Credential;
import java.util.Objects;

/**
 * One registry a {@link CredentialHelperServer} answers for, and what it answers with. The server owns the
 * credential from then on and wipes it when it stops.
 *
 * @param registry the normalised {@code host[:port]} ({@link RegistryNames#parseConfigured})
 * @param credential username and password, or an identity token (answered with username {@code <token>}); never
 *     anonymous
 */
public record ServedCredential(String registry, Credential credential) {
    public ServedCredential {
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(credential, "credential");
        if (credential instanceof Credential.Anonymous) {
            throw new IllegalArgumentException("anonymous access needs no credential helper");
        }
        if (!registry.equals(RegistryNames.normalize(registry))) {
            throw new IllegalArgumentException("not a normalised registry name: " + registry);
        }
    }

    @Override
    public String toString() {
        return "ServedCredential[" + registry + ", " + credential.describe() + "]";
    }
}
