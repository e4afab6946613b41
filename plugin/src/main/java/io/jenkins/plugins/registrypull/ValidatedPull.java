package io.jenkins.plugins.registrypull;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import io.jenkins.registrypull.pull.PullSpec;
import io.jenkins.registrypull.reference.ImageReference;
import java.io.Serial;
import java.io.Serializable;

/**
 * A pull whose input passed {@link PullValidation}: the engine's {@link PullSpec} (parsed and checked by the engine
 * itself, so nothing the agent receives can fail as bad input once the network is involved) plus what only Jenkins
 * knows: where the image goes and which credentials to resolve. It travels to the agent as it is, inside
 * {@link io.jenkins.plugins.registrypull.agent.PullOnAgentCallable}; it holds ids, never a secret.
 *
 * @param spec             what to pull: reference, platform, pins, insecure, timeout
 * @param target           where the image goes ({@link Target#AUTO} = decided on the agent)
 * @param path             normalised workspace-relative output, or null for the default of the target
 * @param credentialsId    credentials for the registry, or null for anonymous
 * @param caCertificateId  credentials holding extra CA certificates, or null
 * @param verifyKeyId      credentials holding the PEM public key cosign signatures must verify with, or null
 * @param requireSignature a verified signature is mandatory (needs {@code verifyKeyId})
 */
public record ValidatedPull(@NonNull PullSpec spec, @NonNull Target target, @CheckForNull String path,
        @CheckForNull String credentialsId, @CheckForNull String caCertificateId, @CheckForNull String verifyKeyId,
        boolean requireSignature) implements Serializable {
    @Serial
    private static final long serialVersionUID = 1L;

    @NonNull
    public ImageReference reference() {
        return spec.reference();
    }

    public boolean insecure() {
        return spec.insecure();
    }
}
