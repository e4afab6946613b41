package io.jenkins.plugins.registrypull.credentials;

import edu.umd.cs.findbugs.annotations.NonNull;
import io.jenkins.registrypull.credential.Credential;

/** On the agent: the engine's renewing credential for a {@link CloudLogin}. */
final class CloudMinters {
    private CloudMinters() {
    }

    @NonNull
    static Credential credentialFor(@NonNull CloudLogin login) {
        throw new UnsupportedOperationException("minting " + login.cloud().registryName()
                + " logins needs the engine's cloud support, which this build does not have");
    }
}
