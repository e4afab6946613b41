package io.jenkins.plugins.registrypull;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.AbortException;
import hudson.Util;
import io.jenkins.registrypull.error.InvalidInputException;
import io.jenkins.registrypull.manifest.Platform;
import io.jenkins.registrypull.reference.Digest;
import io.jenkins.registrypull.reference.ImageReference;

/**
 * Checks what the user configured, with the engine's parsers, before anything talks to a registry. Every failure is
 * an {@link AbortException} whose message names the field and what is accepted. Credentials are checked separately
 * (they need the run), by {@link io.jenkins.plugins.registrypull.credentials.RegistryCredentialsResolver}, also
 * before any network call.
 */
public final class PullValidation {
    private PullValidation() {
    }

    @NonNull
    public static ValidatedPull validate(@NonNull PullSettings settings) throws AbortException {
        String image = Util.fixEmptyAndTrim(settings.getImage());
        if (image == null) {
            throw new AbortException(Messages.RegistryPull_ImageRequired());
        }
        ImageReference reference = parse(() -> ImageReference.parse(image, "image"));
        String platform = null;
        if (settings.getPlatform() != null) {
            platform = parse(() -> Platform.parse(settings.getPlatform(), "platform")).toString();
        }
        String digest = null;
        if (settings.getDigest() != null) {
            Digest expected = parse(() -> Digest.parse(settings.getDigest(), "digest"));
            if (reference.digest() != null && !reference.digest().equals(expected)) {
                throw new AbortException(Messages.RegistryPull_DigestConflict(reference.digest(), expected));
            }
            digest = expected.toString();
        }
        if (settings.isRequireDigest() && reference.digest() == null && digest == null) {
            throw new AbortException(Messages.RegistryPull_RequireDigest(image));
        }
        Target target = Target.fromId(settings.getTarget());
        if (target == null) {
            throw new AbortException(Messages.RegistryPull_TargetInvalid(settings.getTarget(), Target.accepted()));
        }
        String path = null;
        String requestedPath = settings.getPath();
        if (requestedPath != null) {
            if (target == Target.AUTO) {
                target = Target.OCI; // a path means files in the workspace: an OCI layout unless target says otherwise
            }
            if (!target.writesToWorkspace()) {
                throw new AbortException(Messages.RegistryPull_PathNotForTarget(target.id()));
            }
            path = WorkspacePaths.normalize(requestedPath);
        }
        if (settings.isRequireSignature() && settings.getVerifyKeyId() == null) {
            throw new AbortException(Messages.RegistryPull_RequireSignatureNeedsKey());
        }
        return new ValidatedPull(reference, platform, target, path, digest, settings.isInsecure(),
                settings.getCredentialsId(), settings.getCaCertificateId(), settings.getVerifyKeyId(),
                settings.isRequireSignature());
    }

    private interface Parse<T> {
        T run() throws InvalidInputException;
    }

    private static <T> T parse(Parse<T> parse) throws AbortException {
        try {
            return parse.run();
        } catch (InvalidInputException e) {
            throw new AbortException(Messages.RegistryPull_InvalidInput(e.getMessage()));
        }
    }
}
