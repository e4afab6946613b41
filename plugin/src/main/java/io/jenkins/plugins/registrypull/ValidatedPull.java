package io.jenkins.plugins.registrypull;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import io.jenkins.registrypull.reference.ImageReference;

/**
 * A pull whose input passed {@link PullValidation}: parsed with the engine's own parsers, so nothing the agent
 * receives can fail as bad input once the network is involved. Lives on the controller only.
 *
 * @param reference       the parsed image reference (canonical form via {@code toString()})
 * @param platform        {@code os/arch[/variant]} as the engine prints it, or null for the agent's platform
 * @param target          where the image goes ({@link Target#AUTO} = decided on the agent)
 * @param path            normalised workspace-relative output, or null for the default of the target
 * @param expectedDigest  the digest the image must have, or null
 * @param insecure        plain HTTP allowed
 * @param credentialsId   credentials for the registry, or null for anonymous
 * @param caCertificateId credentials holding extra CA certificates, or null
 * @param verifyKeyId     credentials holding the PEM public key cosign signatures must verify with, or null
 * @param requireSignature a verified signature is mandatory (needs {@code verifyKeyId})
 */
public record ValidatedPull(@NonNull ImageReference reference, @CheckForNull String platform, @NonNull Target target,
        @CheckForNull String path, @CheckForNull String expectedDigest, boolean insecure,
        @CheckForNull String credentialsId, @CheckForNull String caCertificateId, @CheckForNull String verifyKeyId,
        boolean requireSignature) {
}
