package io.jenkins.plugins.registrypull;

import edu.umd.cs.findbugs.annotations.CheckForNull;

/**
 * What the user asked to pull, as configured: the {@code registryPull} step and each image of the freestyle wrapper
 * ({@link ImageToPull}) carry the same fields. Values are already normalised ({@code Util.fixEmptyAndTrim}: null
 * means "not set") but not yet validated; {@link PullValidation} does that, before any network call.
 */
public interface PullSettings {
    /** The image reference, e.g. {@code registry.example.com/team/app:1.2}; required. */
    @CheckForNull
    String getImage();

    /** Id of a Username with password or Secret text credential; null for anonymous pulls. */
    @CheckForNull
    String getCredentialsId();

    /** {@code os/arch[/variant]} to choose from a multi-platform image; null for the agent's own platform. */
    @CheckForNull
    String getPlatform();

    /** One of {@link Target#accepted()}; null to decide on the agent (docker if on PATH, else oci). */
    @CheckForNull
    String getTarget();

    /** Workspace-relative output for oci / docker-archive; null for the default (see {@link WorkspacePaths}). */
    @CheckForNull
    String getPath();

    /** The digest the image (index or manifest) must have; null to accept what the tag points at. */
    @CheckForNull
    String getDigest();

    /** Whether the registry may be spoken to over plain HTTP. */
    boolean isInsecure();

    /** Id of a Secret file or Secret text credential holding PEM CA certificates for the registry; null for none. */
    @CheckForNull
    String getCaCertificateId();

    /**
     * Id of a Secret file or Secret text credential holding the PEM public key (e.g. {@code cosign.pub}) that cosign
     * signatures of the image must verify with; null to check no signature.
     */
    @CheckForNull
    String getVerifyKeyId();

    /** Whether a cosign signature that verifies with {@link #getVerifyKeyId()} is mandatory. */
    boolean isRequireSignature();

    /**
     * Whether the pull must be pinned: the image reference carries {@code @sha256:...} or {@link #getDigest()} is set.
     * A policy against tags that move under a build.
     */
    boolean isRequireDigest();

    /** Deadline for the whole pull, in minutes; 0 for the default ({@code PullSpec.DEFAULT_TIMEOUT}). */
    int getTimeout();
}
