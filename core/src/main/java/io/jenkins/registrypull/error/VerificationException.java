package io.jenkins.registrypull.error;

/**
 * What arrived is not what was asked for: a digest or size mismatch, a manifest that is not the
 * pinned one, a missing or invalid signature. Nothing unverified was kept.
 */
public class VerificationException extends RegistryException {

    private static final long serialVersionUID = 1L;

    public VerificationException(String message) {
        super(message);
    }

    @Override
    public FailureKind kind() {
        return FailureKind.VERIFICATION;
    }
}
