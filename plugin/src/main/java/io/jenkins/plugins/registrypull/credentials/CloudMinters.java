package io.jenkins.plugins.registrypull.credentials;

import edu.umd.cs.findbugs.annotations.NonNull;
import io.jenkins.registrypull.credential.CredentialMinter;
import io.jenkins.registrypull.error.InvalidInputException;
import java.time.Clock;

/**
 * On the agent: the engine's minter for a {@link CloudLogin}, which {@link RegistryLogin#toCredential()} wraps in a
 * renewing credential. The engine's cloud minters are called with the agent's own environment (region, endpoint
 * overrides, and for the agent's identity its credential chain).
 */
@FunctionalInterface
public interface CloudMinters {
    /**
     * A minter for {@code login}; it calls nothing until the first mint.
     *
     * @throws InvalidInputException the login cannot be minted here (e.g. a malformed key or a bad endpoint override)
     */
    @NonNull
    CredentialMinter minterFor(@NonNull CloudLogin login) throws InvalidInputException;

    /** The engine's minters, with this JVM's (the agent's) environment. */
    CloudMinters ENGINE = new EngineCloudMinters(System.getenv(), Clock.systemUTC());
}
