package io.jenkins.plugins.registrypull;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.AbortException;
import io.jenkins.registrypull.error.InvalidInputException;
import io.jenkins.registrypull.pull.PullSpec;
import java.time.Duration;

/**
 * Checks what the user configured before anything talks to a registry: what to pull by the engine's own rules
 * ({@link PullSpec.Builder}), where it goes by Jenkins'. Every failure is an {@link AbortException} whose message names
 * the field and what is accepted. Credentials are checked separately
 * (they need the run), by {@link io.jenkins.plugins.registrypull.credentials.RegistryCredentialsResolver}, also
 * before any network call.
 */
public final class PullValidation {
    private PullValidation() {
    }

    @NonNull
    public static ValidatedPull validate(@NonNull ImageToPull settings) throws AbortException {
        Duration timeout = timeout(settings.getTimeout());
        PullSpec spec = parse(() -> PullSpec.builder().image(settings.getImage()).platform(settings.getPlatform())
                .expectedDigest(settings.getDigest()).insecure(settings.isInsecure())
                .requireDigest(settings.isRequireDigest()).timeout(timeout).build());
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
        return new ValidatedPull(spec, target, path, settings.getCredentialsId(), settings.getCaCertificateId(),
                settings.getVerifyKeyId(), settings.isRequireSignature());
    }

    /** The pull's deadline from {@code timeout}: whole minutes, 0 (not set) for the engine's default. */
    @NonNull
    static Duration timeout(int minutes) throws AbortException {
        if (minutes == 0) {
            return PullSpec.DEFAULT_TIMEOUT;
        }
        if (minutes < 1 || minutes > PullSpec.MAX_TIMEOUT.toMinutes()) {
            throw new AbortException(Messages.RegistryPull_TimeoutInvalid(String.valueOf(minutes),
                    String.valueOf(PullSpec.MAX_TIMEOUT.toMinutes()), String.valueOf(PullSpec.DEFAULT_TIMEOUT.toMinutes())));
        }
        return Duration.ofMinutes(minutes);
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
